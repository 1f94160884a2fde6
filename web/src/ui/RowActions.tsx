import { useState } from 'react';
import { Button, Menu, MenuItem, MenuTrigger, Popover, Text } from 'react-aria-components';
import type { Image } from '../api/types';
import { t, type StringKey } from '../i18n/strings';
import { verdict, type Action } from '../state/rules';
import type { Me } from './App';
import { imageUrl, reasonOf, run, useRefresh, whoOf } from './actions';
import { ConfirmDialog, EditDialog, ResultDialog, type ItemResult } from './Dialogs';
import { useUploads } from './Uploads';

type Key = 'details' | 'edit' | 'upload' | 'download' | 'deactivate' | 'reactivate' | 'delete' | 'share' | 'accept' | 'reject';

const items: { key: Key; label: StringKey; rule?: Action }[] = [
  { key: 'details', label: 'details' },
  { key: 'edit', label: 'edit', rule: 'edit' },
  { key: 'upload', label: 'uploadData', rule: 'upload' },
  { key: 'share', label: 'share', rule: 'share' },
  { key: 'download', label: 'download', rule: 'download' },
  { key: 'deactivate', label: 'deactivate', rule: 'deactivate' },
  { key: 'reactivate', label: 'reactivate', rule: 'reactivate' },
  { key: 'accept', label: 'accept', rule: 'answer' },
  { key: 'reject', label: 'reject', rule: 'answer' },
  { key: 'delete', label: 'delete', rule: 'delete' },
];

export function RowActions({ me, image, onOpen }: { me: Me; image: Image; onOpen: (id: string) => void }) {
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const [result, setResult] = useState<ItemResult[] | null>(null);
  const refresh = useRefresh();
  const uploads = useUploads();
  const name = image.display_name ?? image.id;
  const act = async (key: Key) => {
    if (key === 'details' || key === 'share') return onOpen(image.id);
    if (key === 'edit' || key === 'delete') return setDialog(key);
    if (key === 'download') return void window.open(imageUrl(me, image, '/download'), '_self');
    if (key === 'upload') return chooseFile((file) => uploads.startFile(me, image, file, false));
    try {
      await run(me, image, key);
      await refresh();
    } catch (e) {
      setResult([{ name, ok: false, detail: e instanceof Error ? e.message : String(e) }]);
    }
  };
  return (
    <>
      <MenuTrigger>
        {/* One tab stop for the whole grid: the row is reached by Tab, its button by ArrowRight (DataGrid). */}
        <Button className="btn icon" excludeFromTabOrder aria-label={t('rowActions', { name })}>⋯</Button>
        <Popover placement="bottom end">
          <RowMenu me={me} image={image} name={name} onAction={(k) => void act(k)} />
        </Popover>
      </MenuTrigger>
      {dialog === 'edit' && <EditDialog me={me} image={image} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && (
        <ConfirmDialog title={t('confirmDelete', { n: 1 })} body={name} confirm={t('delete')} onClose={() => setDialog(null)}
          onConfirm={async () => { await run(me, image, 'delete'); await refresh(); }} />
      )}
      {result && <ResultDialog results={result} onClose={() => setResult(null)} />}
    </>
  );
}

/** Answering a share and uploading data concern few images: the items show only where they apply. */
function shown(me: Me, image: Image, rule: Action | undefined) {
  const v = rule === 'answer' || rule === 'upload' ? verdict(whoOf(me), image, rule) : null;
  return v === null || (rule === 'answer' ? v.allowed : v.reason !== 'why_notQueued');
}

/** The browser's file chooser, without a file input kept in every row. */
function chooseFile(onFile: (file: File) => void) {
  const input = document.createElement('input');
  input.type = 'file';
  input.onchange = () => { if (input.files?.[0]) onFile(input.files[0]); };
  input.click();
}

/** The menu itself, with each action's verdict: rendered only while open, not for every row of every page. */
function RowMenu({ me, image, name, onAction }: { me: Me; image: Image; name: string; onAction: (k: Key) => void }) {
  const why = (rule?: Action) => (rule ? reasonOf(me, image, rule) : null);
  return (
    <Menu aria-label={t('rowActions', { name })} onAction={(k) => onAction(k as Key)}
      disabledKeys={items.filter((i) => why(i.rule)).map((i) => i.key)}>
      {items.filter((i) => shown(me, image, i.rule)).map((i) => {
        const reason = why(i.rule);
        return (
          <MenuItem key={i.key} id={i.key} textValue={t(i.label)} className={i.key === 'delete' ? 'danger' : undefined}>
            <Text slot="label">{t(i.label)}</Text>
            {reason && <Text slot="description" className="why">{reason}</Text>}
          </MenuItem>
        );
      })}
    </Menu>
  );
}
