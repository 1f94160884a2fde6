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
