import { memo, useState } from 'react';
import { Button, type Selection } from 'react-aria-components';
import type { Image } from '../api/types';
import { t } from '../i18n/strings';
import type { Me } from './App';
import { reasonOf, ruleOf, run, useRefresh, type BulkAction } from './actions';
import { ConfirmDialog, ResultDialog, type ItemResult } from './Dialogs';
import { rowKey } from './ImageTable';

const bulk: BulkAction[] = ['deactivate', 'reactivate', 'protect', 'unprotect', 'delete'];

/** Bulk actions: each selected image in turn, every outcome reported (what was not allowed is reported, not sent). */
export const BulkBar = memo(function BulkBar({ me, rows, selected, onDone }: { me: Me; rows: Image[]; selected: Selection; onDone: () => void }) {
  const [results, setResults] = useState<ItemResult[] | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const refresh = useRefresh();
  const chosen = selected === 'all' ? rows : rows.filter((r) => selected.has(rowKey(r)));
  if (chosen.length === 0 && !results) return null;
  const go = async (action: BulkAction) => {
    setBusy(true);
    const out: ItemResult[] = [];
    for (const image of chosen) {
      const name = image.display_name ?? image.id;
      const why = reasonOf(me, image, ruleOf[action]);
      if (why) { out.push({ name, ok: false, detail: why }); continue; }
      try {
        await run(me, image, action);
        out.push({ name, ok: true });
      } catch (e) {
        out.push({ name, ok: false, detail: e instanceof Error ? e.message : String(e) });
      }
    }
    setBusy(false);
    setResults(out);
    onDone();
    await refresh();
  };
  return (
    <div className="bulkbar" role="toolbar" aria-label={t('selected', { n: chosen.length })}>
      {chosen.length > 0 && <span>{t('selected', { n: chosen.length })}</span>}
      {chosen.length > 0 && bulk.map((a) => (
        <Button key={a} className={a === 'delete' ? 'btn danger' : 'btn'} isDisabled={busy}
          onPress={() => (a === 'delete' ? setConfirming(true) : void go(a))}>{t(a)}</Button>
      ))}
      {confirming && (
        <ConfirmDialog title={t('confirmDelete', { n: chosen.length })} confirm={t('delete')}
          body={<ul>{chosen.map((r) => <li key={rowKey(r)}>{r.display_name ?? r.id}</li>)}</ul>}
          onClose={() => setConfirming(false)} onConfirm={() => go('delete')} />
      )}
      {results && <ResultDialog results={results} onClose={() => setResults(null)} />}
    </div>
  );
});
