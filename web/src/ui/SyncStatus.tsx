import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { t } from '../i18n/strings';
import { ErrorState } from './States';

/** The sync's own report (regions, last runs, counters, errors, leader, notification consumer), shown as it comes. */
export function SyncStatus() {
  const status = useQuery({ queryKey: ['catalogue', 'sync'], queryFn: () => api<Record<string, unknown>>('/backend/staffapi/openstack/sync') });
  return (
    <section aria-labelledby="sync-title">
      <h1 id="sync-title">{t('syncTitle')}</h1>
      {status.isError ? <ErrorState error={status.error} onRetry={() => void status.refetch()} />
        : status.data ? <Value value={status.data} /> : <p role="status">{t('loading')}</p>}
    </section>
  );
}

function Value({ value }: { value: unknown }): React.ReactNode {
  if (Array.isArray(value)) {
    if (value.length === 0) return t('none');
    return <ol className="tree">{value.map((v, i) => <li key={i}><Value value={v} /></li>)}</ol>;
  }
  if (value && typeof value === 'object')
    return (
      <dl className="fields">
        {Object.entries(value).map(([k, v]) => (
          <div className="pair" key={k}><dt>{k}</dt><dd><Value value={v} /></dd></div>
        ))}
      </dl>
    );
  return value === null || value === undefined ? t('none') : String(value);
}
