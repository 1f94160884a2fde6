import { useCallback, useMemo, useState } from 'react';
import { Button, Menu, MenuItem, MenuTrigger, Popover, type Selection } from 'react-aria-components';
import { t, type StringKey } from '../i18n/strings';
import type { Audience } from '../state/url';

export interface ColumnDef { id: string; label: StringKey; sort?: string; narrow?: boolean; staff?: boolean }

export const allColumns: ColumnDef[] = [
  { id: 'name', label: 'col_name', sort: 'name', narrow: true },
  { id: 'type', label: 'col_type', sort: 'type' },
  { id: 'status', label: 'col_status', sort: 'status', narrow: true },
  { id: 'visibility', label: 'col_visibility', sort: 'visibility' },
  { id: 'protected', label: 'col_protected' },
  { id: 'disk_format', label: 'col_disk_format', sort: 'disk_format' },
  { id: 'size', label: 'col_size', sort: 'size', narrow: true },
  { id: 'os', label: 'col_os', sort: 'os_distro' },
  { id: 'region', label: 'col_region', sort: 'region' },
  { id: 'created_at', label: 'col_created_at', sort: 'created_at' },
  { id: 'cleanup', label: 'col_cleanup' },
  { id: 'instance', label: 'col_instance' },
  { id: 'client', label: 'col_client', staff: true },
];

const hiddenByDefault = ['instance', 'cleanup', 'protected'];
const storageKey = (audience: Audience) => `panelimages.columns.${audience}`;

/** The column set, remembered per browser and audience. */
export function useColumns(audience: Audience) {
  const available = useMemo(() => allColumns.filter((c) => !c.staff || audience !== 'enduser'), [audience]);
  const [shown, setShown] = useState<Set<string>>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey(audience)) ?? 'null');
      if (Array.isArray(saved)) return new Set(saved.filter((s) => typeof s === 'string'));
    } catch {
      /* a broken entry means the defaults */
    }
    return new Set(available.filter((c) => !hiddenByDefault.includes(c.id)).map((c) => c.id));
  });
  const set = useCallback((next: Set<string>) => {
    next.add('name');
    setShown(new Set(next));
    localStorage.setItem(storageKey(audience), JSON.stringify([...next]));
  }, [audience]);
  // The same object until the choice changes: the table's cached rows depend on `visible`.
  return useMemo(() => ({ available, shown, set, visible: available.filter((c) => shown.has(c.id)) }), [available, shown, set]);
}

export type Columns = ReturnType<typeof useColumns>;

export function ColumnChooser({ columns }: { columns: Columns }) {
  return (
    <MenuTrigger>
      <Button className="btn" aria-label={t('columnChooser')}>{t('columns')}</Button>
      <Popover>
        <Menu
          aria-label={t('columnChooser')}
          selectionMode="multiple"
          selectedKeys={columns.shown}
          onSelectionChange={(keys: Selection) =>
            columns.set(keys === 'all' ? new Set(columns.available.map((c) => c.id)) : new Set([...keys].map(String)))}
        >
          {columns.available.map((c) => (
            <MenuItem key={c.id} id={c.id} isDisabled={c.id === 'name'}>{t(c.label)}</MenuItem>
          ))}
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
