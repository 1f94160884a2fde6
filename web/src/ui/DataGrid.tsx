import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Selection } from 'react-aria-components';
import { controlAfterKey, rowAfterKey, toggleRange } from '../state/gridKeys';

/**
 * An accessible grid on a native <table> (WAI-ARIA grid pattern): sortable column headers with aria-sort, one
 * tab stop for the body (roving tabindex on rows; a row's controls are reached with ArrowRight), arrows move between
 * rows, Enter opens, Space selects, Shift with a click or Space selects the rows from the last toggled one. It replaces react-aria's Table, whose per-cell state cost 55–80 ms for a 20-row
 * page on these cores (bench/page): a page change re-renders only the rows whose object, selection or focus changed.
 */
export interface GridColumn {
  id: string; label: ReactNode; sortable?: boolean; className?: string;
  /** The cell that names the row for assistive technology. */
  rowHeader?: boolean;
  /** Holds its own controls: a click there does not open the row. */
  interactive?: boolean;
}

/** An API ordering term (`name`, `-created_at`) as a sort, and back: one reading for every grid of the page. */
export const sortOf = (ordering: string) => ({ column: ordering.replace(/^-/, ''), descending: ordering.startsWith('-') });
export const orderingOf = (field: string, descending: boolean) => (descending ? `-${field}` : field);

export interface GridSelection<T> {
  selected: Selection; onChange: (s: Selection) => void; rowLabel: (row: T) => string; allLabel: string;
}

interface GridProps<T> {
  label: string; columns: GridColumn[]; rows: T[]; rowKey: (row: T) => string;
  /** Must keep its identity between renders (useCallback): rows re-render when it changes. */
  renderCell: (column: string, row: T) => ReactNode;
  sort?: { column: string; descending: boolean }; onSort?: (column: string, descending: boolean) => void;
  selection?: GridSelection<T>; onOpen?: (row: T) => void; empty?: ReactNode;
}

export function DataGrid<T>(props: GridProps<T>) {
  const { rows, rowKey, selection, onOpen } = props;
  const [focus, setFocus] = useState({ index: 0, within: false });
  const index = Math.min(focus.index, Math.max(0, rows.length - 1));
  const selected = selection?.selected;
  const isSelected = (key: string) => selected === 'all' || (selected !== undefined && selected.has(key));
  // The latest selection and rows, read when a row toggles: the callback keeps its identity, so selecting one row
  // re-renders that row only.
  const latest = useRef({ selected, rows, rowKey, onChange: selection?.onChange, anchor: null as string | null });
  Object.assign(latest.current, { selected, rows, rowKey, onChange: selection?.onChange });
  const toggle = useCallback((key: string, range: boolean) => {
    const { selected: now, rows: all, rowKey: keyOf, onChange, anchor } = latest.current;
    if (!onChange || now === undefined) return;
    const keys = all.map(keyOf);
    onChange(toggleRange(keys, new Set(now === 'all' ? keys : now), range ? anchor : null, key));
    latest.current.anchor = key;
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    // Keys from a portal (a row's open menu) bubble here through React, not through the DOM: leave them.
    const target = e.target as HTMLElement;
    if (!e.currentTarget.contains(target)) return;
    const tr = target.closest('tr');
    if (!tr) return;
    const at = Number(tr.dataset.index);
    const row = rowAfterKey(e.key, at, rows.length);
    if (row !== null && !(target !== tr && (e.key === 'Home' || e.key === 'End'))) {
      e.preventDefault();
      (e.currentTarget.rows[row] as HTMLElement).focus();
      return;
    }
    const controls = [...tr.querySelectorAll<HTMLElement>('input, button, a[href]')];
    const control = controlAfterKey(e.key, controls.indexOf(target), controls.length);
    if (control !== null && controls.length > 0) {
      e.preventDefault();
      (control < 0 ? tr : controls[control]).focus();
      return;
    }
    if (target !== tr) return;
    if (e.key === 'Enter' && onOpen) { e.preventDefault(); onOpen(rows[at]); }
    if (e.key === ' ' && selection) { e.preventDefault(); toggle(tr.dataset.key!, e.shiftKey); }
  };
  const onFocus = (e: React.FocusEvent<HTMLTableSectionElement>) => {
    const tr = (e.target as HTMLElement).closest('tr');
    if (tr && e.currentTarget.contains(tr)) setFocus({ index: Number(tr.dataset.index), within: true });
  };
  const onBlur = (e: React.FocusEvent<HTMLTableSectionElement>) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocus((f) => ({ ...f, within: false }));
  };

  return (
    <table role="grid" className="grid" aria-label={props.label} aria-multiselectable={selection ? true : undefined}
      aria-rowcount={rows.length + 1}>
      <thead>
        <tr aria-rowindex={1}>
          {selection && (
            <th className="select" scope="col">
              <SelectAll selection={selection} keys={rows.map(rowKey)} />
            </th>
          )}
          {props.columns.map((c) => <Header key={c.id} column={c} sort={props.sort} onSort={props.onSort} />)}
        </tr>
      </thead>
      <tbody onKeyDown={onKeyDown} onFocus={onFocus} onBlur={onBlur}>
        {rows.length === 0 && props.empty !== undefined && (
          <tr><td colSpan={props.columns.length + (selection ? 1 : 0)}>{props.empty}</td></tr>
        )}
        {rows.map((row, i) => {
          const key = rowKey(row);
          return (
            <GridRow key={key} row={row} rowId={key} index={i} columns={props.columns} renderCell={props.renderCell}
              tabbable={i === index} focused={focus.within && i === index}
              selected={selection ? isSelected(key) : undefined} rowLabel={selection?.rowLabel}
              onToggle={selection ? toggle : undefined} onOpen={onOpen} />
          );
        })}
      </tbody>
    </table>
  );
}

function Header({ column, sort, onSort }: {
  column: GridColumn; sort?: GridProps<unknown>['sort']; onSort?: GridProps<unknown>['onSort'];
}) {
  if (!column.sortable || !onSort) return <th scope="col" data-key={column.id} className={column.className}>{column.label}</th>;
  const current = sort?.column === column.id;
  const direction = current ? (sort.descending ? 'descending' : 'ascending') : 'none';
  // Clicking the sorted column flips it; any other column starts ascending (as react-aria's table did).
  const press = () => onSort(column.id, current && !sort.descending);
  return (
    <th scope="col" data-key={column.id} className={column.className} aria-sort={direction} onClick={press}>
      <button type="button" className="sort">{column.label}</button>
    </th>
  );
}

function SelectAll<T>({ selection, keys }: { selection: GridSelection<T>; keys: string[] }) {
  const ref = useRef<HTMLInputElement>(null);
  const { selected } = selection;
  const count = selected === 'all' ? keys.length : keys.filter((k) => selected.has(k)).length;
  const all = keys.length > 0 && count === keys.length;
  useEffect(() => { if (ref.current) ref.current.indeterminate = count > 0 && !all; }, [count, all]);
  return (
    <label className="check">
      <input ref={ref} type="checkbox" aria-label={selection.allLabel} checked={all}
        onChange={() => selection.onChange(all ? new Set() : new Set(keys))} />
    </label>
  );
}

interface RowProps<T> {
  row: T; rowId: string; index: number; columns: GridColumn[]; renderCell: (column: string, row: T) => ReactNode;
  tabbable: boolean; focused: boolean; selected?: boolean; rowLabel?: (row: T) => string;
  onToggle?: (key: string, range: boolean) => void; onOpen?: (row: T) => void;
}

// One row renders again only when its object, the columns, its selection, focus or the callbacks change.
const GridRow = memo(function GridRow<T>(p: RowProps<T>) {
  const stop = (e: React.MouseEvent) => e.stopPropagation();
  return (
    <tr data-key={p.rowId} data-index={p.index} aria-rowindex={p.index + 2} tabIndex={p.tabbable ? 0 : -1}
      aria-selected={p.selected} data-focused={p.focused || undefined}
      onClick={p.onOpen ? () => p.onOpen!(p.row) : undefined}>
      {p.onToggle && (
        <td className="select" onClick={stop}>
          <label className="check">
            <input type="checkbox" tabIndex={-1} aria-label={p.rowLabel!(p.row)} checked={p.selected}
              onChange={(e) => p.onToggle!(p.rowId, (e.nativeEvent as MouseEvent).shiftKey === true)} />
          </label>
        </td>
      )}
      {p.columns.map((c) => (
        <td key={c.id} role={c.rowHeader ? 'rowheader' : undefined} className={c.className}
          onClick={c.interactive ? stop : undefined}>
          {p.renderCell(c.id, p.row)}
        </td>
      ))}
    </tr>
  );
}) as <T>(p: RowProps<T>) => ReactNode;
