import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Usage, UsedOfLimit } from '../api/types';
import { formatBytes, formatNumber } from '../i18n/format';
import { t } from '../i18n/strings';
import type { Me } from './App';

const MiB = 1024 * 1024;
/** From this share of a limit on, a meter shows the warning colour. */
export const WarnAt = 0.8;

/**
 * Per region: the caller's images and stored data against the limits Glance enforces (GET {prefix}/usage). Under the
 * 'catalogue' key, so an upload or delete (useRefresh) refetches it with the list. Staff see no strip: their usage
 * route needs a client, and the staff list spans all clients.
 */
export function UsageStrip({ me }: { me: Me }) {
  const usage = useQuery({
    queryKey: ['catalogue', 'usage', me.prefix],
    queryFn: () => api<Usage>(`${me.prefix}/usage`),
    enabled: me.audience !== 'staff',
    staleTime: 60_000,
  });
  if (me.audience === 'staff' || usage.isPending) return null;
  // Quietly reduced to one line: the list stays usable when Keystone is not.
  if (usage.isError) return <p className="usage-strip muted" role="status">{t('usageUnavailable', { detail: usage.error.message })}</p>;
  const rows = usage.data.regions;
  if (rows.length === 0) return null;
  const regions = new Set(rows.map(r => r.region));
  return (
    <ul className="usage-strip" aria-label={t('usageTitle')}>
      {rows.map(r => {
        const where = regions.size === rows.length ? r.region : `${r.region} · ${r.project_name ?? r.project}`;
        return (
          <li key={`${r.region} ${r.project}`}>
            <strong>{where}</strong>{' '}
            <Part label={t('usageImages', { region: where })} text={usageText('usageImagesOf', 'usageImagesNoLimit', r.images, formatNumber)} pair={r.images} />
            {' · '}
            <Part label={t('usageStorage', { region: where })} pair={r.size_mib}
              text={usageText('usageStorageOf', 'usageStorageNoLimit', r.size_mib, n => formatBytes(n * MiB))} />
          </li>
        );
      })}
    </ul>
  );
}

export function usageText(of: 'usageImagesOf' | 'usageStorageOf', noLimit: 'usageImagesNoLimit' | 'usageStorageNoLimit',
  pair: UsedOfLimit, format: (n: number) => string) {
  return pair.limit === null || pair.limit === undefined
    ? t(noLimit, { used: format(pair.used) })
    : t(of, { used: format(pair.used), limit: format(pair.limit) });
}

/** The used share of the limit, 0..1 (a limit of 0 is full), or null without a limit. */
export function usageShare(pair: UsedOfLimit): number | null {
  const limit = pair.limit ?? null;
  return limit === null ? null : limit === 0 ? 1 : Math.min(1, pair.used / limit);
}

function Part({ label, text, pair }: { label: string; text: string; pair: UsedOfLimit }) {
  const limit = pair.limit ?? null;
  const share = usageShare(pair);
  return (
    <span className="usage-part">
      {text}
      {share !== null && (
        <span role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={limit ?? 0} aria-valuenow={Math.min(pair.used, limit ?? 0)}
          aria-valuetext={text} className={share >= WarnAt ? 'meter warn' : 'meter'}>
          <span className="meter-fill" style={{ width: `${Math.round(share * 100)}%` }} />
        </span>
      )}
    </span>
  );
}
