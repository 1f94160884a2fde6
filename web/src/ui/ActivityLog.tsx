import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { AuditEntry, AuditPage } from '../api/types';
import { formatDate } from '../i18n/format';
import { t } from '../i18n/strings';
import { fromFiltering } from '../state/filters';
import { navigate, useLocation, withQuery } from '../state/router';
import { DataGrid, orderingOf, sortOf, type GridColumn } from './DataGrid';
import { Pager } from './Pager';
import { ErrorState } from './States';

/** The audit log: same grammar, ordering and paging as the images list, state in the URL. */
export function ActivityLog() {
  const { path, query } = useLocation();
  const p = new URLSearchParams(query);
  const ordering = p.get('ordering') ?? '-at';
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(query);
    if (v === null || v === '') next.delete(k); else next.set(k, v);
    if (k !== 'page') next.delete('page');
    navigate(withQuery(path, next.toString()));
  };
  const apiParams = new URLSearchParams({ ordering, page: p.get('page') ?? '1', page_size: p.get('page_size') ?? '20' });
  if (p.get('filtering')) apiParams.set('filtering', p.get('filtering')!);
  const log = useQuery({
    queryKey: ['catalogue', 'activity', apiParams.toString()],
    queryFn: () => api<AuditPage>(`/backend/staffapi/activitylog?${apiParams}`),
    placeholderData: keepPreviousData,
  });
  return (
    <section aria-labelledby="log-title">
      <h1 id="log-title">{t('activityTitle')}</h1>
      <form className="toolbar" onSubmit={(e) => { e.preventDefault(); set('filtering', String(new FormData(e.currentTarget).get('filtering') ?? '')); }}>
        <label>filtering <input name="filtering" defaultValue={p.get('filtering') ?? ''} placeholder="action:destroy+outcome:failure" /></label>
        <button className="btn" type="submit">{t('apply')}</button>
        <span>{t('filterCount', { n: fromFiltering(p.get('filtering')).length })}</span>
      </form>
      {log.isError ? <ErrorState error={log.error} onRetry={() => void log.refetch()} /> : (
        <div className="tablewrap">
          <DataGrid label={t('activityTitle')} columns={columns} rows={log.data?.objects ?? []} rowKey={entryKey}
            renderCell={entryCell} empty={t('noMatchTitle')}
            sort={sortOf(ordering)} onSort={(column, descending) => set('ordering', orderingOf(column, descending))} />
        </div>
      )}
      {log.data && <Pager count={log.data.count} pageNo={log.data.pageNo} pageSize={Number(p.get('page_size') ?? 20)}
        onPage={(n) => set('page', String(n))} onPageSize={(s) => set('page_size', String(s))} />}
      {log.data && <p className="total">{t('totalEntries', { n: log.data.count })}</p>}
    </section>
  );
}

const unsortable = new Set(['image', 'region', 'detail']);
const columns: GridColumn[] = ['at', 'username', 'audience', 'action', 'outcome', 'status_code', 'image', 'region', 'client_ip', 'detail']
  .map((id) => ({ id, label: id, sortable: !unsortable.has(id), rowHeader: id === 'at' }));
const entryKey = (e: AuditEntry) => String(e.id);
function entryCell(column: string, e: AuditEntry): React.ReactNode {
  if (column === 'at') return formatDate(e.at);
  if (column === 'username') return e.user.username;
  if (column === 'audience') return e.user.audience;
  return String(e[column as keyof AuditEntry] ?? '—');
}
