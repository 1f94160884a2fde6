/**
 * Where a key moves the focus in a grid of rows: the row index the key leads to, or null when the key is not the
 * grid's (it then goes on to the browser). Pure, so the rules of the keyboard are tested without a browser.
 */
export function rowAfterKey(key: string, index: number, count: number, pageRows = 10): number | null {
  if (count === 0) return null;
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case 'ArrowDown': return clamp(index + 1);
    case 'ArrowUp': return clamp(index - 1);
    case 'PageDown': return clamp(index + pageRows);
    case 'PageUp': return clamp(index - pageRows);
    case 'Home': return 0;
    case 'End': return count - 1;
    default: return null;
  }
}

/**
 * Within a row, ArrowRight and ArrowLeft walk its controls (checkbox, action button); -1 is the row itself.
 * Returns null for any other key.
 */
export function controlAfterKey(key: string, current: number, controls: number): number | null {
  if (key === 'ArrowRight') return Math.min(controls - 1, current + 1);
  if (key === 'ArrowLeft') return Math.max(-1, current - 1);
  return null;
}

/**
 * Shift-selection: the rows from the anchor (the row last toggled) to the target, both included, in row order. The
 * whole range takes the target's new state, as in file managers and mail clients. Without an anchor on this page
 * the range is the target alone.
 */
export function toggleRange<K>(keys: K[], selected: ReadonlySet<K>, anchor: K | null, target: K): Set<K> {
  const to = keys.indexOf(target);
  const from = anchor === null ? -1 : keys.indexOf(anchor);
  const range = from < 0 || to < 0 ? [target] : keys.slice(Math.min(from, to), Math.max(from, to) + 1);
  const select = !selected.has(target);
  const next = new Set(selected);
  for (const key of range) if (select) next.add(key); else next.delete(key);
  return next;
}
