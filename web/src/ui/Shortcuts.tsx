import { Button } from 'react-aria-components';
import { t, type StringKey } from '../i18n/strings';
import { Overlay } from './Dialogs';

/**
 * The page's keyboard shortcuts, one list for the hint above the grid and the `?` dialog. The keys themselves are
 * handled where they act: the page (`/`, `n`, `?`), the grid (DataGrid), react-aria's dialogs (Escape).
 */
const shortcuts: { keys: string[]; what: StringKey; hint?: true }[] = [
  { keys: ['/'], what: 'sc_search', hint: true },
  { keys: ['n'], what: 'sc_new', hint: true },
  { keys: ['?'], what: 'sc_help', hint: true },
  { keys: ['↑', '↓'], what: 'sc_rows' },
  { keys: ['PageUp', 'PageDown', 'Home', 'End'], what: 'sc_jump' },
  { keys: ['→', '←'], what: 'sc_into' },
  { keys: ['Enter'], what: 'sc_open' },
  { keys: ['Space'], what: 'sc_select' },
  { keys: ['Shift + Space', 'Shift + click'], what: 'sc_range' },
  { keys: ['Esc'], what: 'sc_close' },
];

/** Keys whose names are words, in the reader's language (a German keyboard says "Leertaste", not "Space"). */
const named: Record<string, StringKey> = {
  Enter: 'key_enter', Space: 'key_space', 'Shift + Space': 'key_shiftSpace', 'Shift + click': 'key_shiftClick', Esc: 'key_esc',
};
const keyName = (key: string) => (key in named ? t(named[key]) : key);

export function ShortcutsHint() {
  return (
    <p className="hint">
      {shortcuts.filter((s) => s.hint).map((s, i) => (
        <span key={s.what}>{i > 0 && ' · '}<kbd>{s.keys.map(keyName).join(' ')}</kbd> {t(s.what)}</span>
      ))}
    </p>
  );
}

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Overlay title={t('shortcutsTitle')} onClose={onClose}>
      <dl className="shortcuts">
        {shortcuts.map((s) => (
          <div key={s.what}>
            <dt>{s.keys.map((k, i) => <span key={k}>{i > 0 && ' '}<kbd>{keyName(k)}</kbd></span>)}</dt>
            <dd>{t(s.what)}</dd>
          </div>
        ))}
      </dl>
      <div className="buttons"><Button className="btn" onPress={onClose}>{t('close')}</Button></div>
    </Overlay>
  );
}
