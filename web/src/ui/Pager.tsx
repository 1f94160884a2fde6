import { memo } from 'react';
import { Button } from 'react-aria-components';
import { formatNumber } from '../i18n/format';
import { t } from '../i18n/strings';
import { pageSizes } from '../state/url';

/** Page numbers to show around the current one: 1 … p-2 p-1 p p+1 p+2 … last. */
export function pageWindow(current: number, last: number): (number | null)[] {
  const pages = new Set([1, last]);
  for (let p = current - 2; p <= current + 2; p++) if (p >= 1 && p <= last) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - sorted[i - 1] > 1) out.push(null);
    out.push(p);
  });
  return out;
}

export const Pager = memo(function Pager(props: { count: number; pageNo: number; pageSize: number; onPage: (p: number | 'last') => void; onPageSize: (s: number) => void }) {
  const last = Math.max(1, Math.ceil(props.count / props.pageSize));
  const at = props.pageNo;
  return (
    <nav className="pager" aria-label={t('pagination')}>
      <Button className="btn" isDisabled={at <= 1} onPress={() => props.onPage(1)} aria-label={t('firstPage')}>«</Button>
      <Button className="btn" isDisabled={at <= 1} onPress={() => props.onPage(at - 1)} aria-label={t('previousPage')}>‹</Button>
      {pageWindow(at, last).map((p, i) =>
        p === null ? <span key={`gap${i}`} aria-hidden="true">…</span> : (
          <Button key={p} className={p === at ? 'btn current' : 'btn'} aria-current={p === at ? 'page' : undefined}
            aria-label={t('page', { n: p })} onPress={() => props.onPage(p)}>{formatNumber(p)}</Button>
        ))}
      <Button className="btn" isDisabled={at >= last} onPress={() => props.onPage(at + 1)} aria-label={t('nextPage')}>›</Button>
      <Button className="btn" isDisabled={at >= last} onPress={() => props.onPage('last')} aria-label={t('lastPage')}>»</Button>
      <label className="pagesize">
        {t('pageSize')}
        <select value={props.pageSize} onChange={(e) => props.onPageSize(Number(e.target.value))}>
          {pageSizes.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
    </nav>
  );
});
