// Filter chips ⇄ the service's filtering grammar: `key[__lookup]:value` items joined by '+'.

export type Lookup = '' | 'ne' | 'gte' | 'lte' | 'gt' | 'lt' | 'icontains';

export interface Chip {
  field: string;
  lookup: Lookup;
  value: string;
}

const lookups: Lookup[] = ['ne', 'gte', 'lte', 'gt', 'lt', 'icontains'];

/** One grammar item (`size__gte:1073741824`) as a chip; null when it is not one the page builds. */
export function parseItem(item: string): Chip | null {
  const colon = item.indexOf(':');
  if (colon <= 0) return null;
  const key = item.slice(0, colon);
  const value = item.slice(colon + 1);
  const [field, lookup = '', ...rest] = key.split('__');
  if (rest.length > 0 || !/^[a-z_]+$/.test(field)) return null;
  if (lookup !== '' && !lookups.includes(lookup as Lookup)) return null;
  return { field, lookup: lookup as Lookup, value };
}

export function formatItem(chip: Chip): string {
  return `${chip.field}${chip.lookup ? '__' + chip.lookup : ''}:${chip.value}`;
}

/** The `filtering` parameter: chips in order, '+'-joined (a '+' inside a value cannot be expressed). */
export function toFiltering(chips: Chip[]): string {
  return chips.map(formatItem).join('+');
}

export function fromFiltering(filtering: string | null): Chip[] {
  if (!filtering) return [];
  return filtering.split('+').map(parseItem).filter((c): c is Chip => c !== null);
}

export function sameChip(a: Chip, b: Chip): boolean {
  return a.field === b.field && a.lookup === b.lookup && a.value === b.value;
}

/** Adds a chip, replacing a range bound of the same field and lookup (one lower and one upper bound each). */
export function addChip(chips: Chip[], chip: Chip): Chip[] {
  const isBound = ['gte', 'lte', 'gt', 'lt'].includes(chip.lookup);
  const rest = chips.filter((c) => !sameChip(c, chip) && !(isBound && c.field === chip.field && c.lookup === chip.lookup));
  return [...rest, chip];
}

export function removeChip(chips: Chip[], chip: Chip): Chip[] {
  return chips.filter((c) => !sameChip(c, chip));
}

const units: Record<string, number> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4,
};

/** "1.5 GiB", "700MB", "42" (bytes) → bytes; null when not a size. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!m) return null;
  const unit = units[(m[2] || 'b').toLowerCase()];
  if (unit === undefined) return null;
  return Math.round(parseFloat(m[1].replace(',', '.')) * unit);
}

/** A date typed by a person (YYYY-MM-DD) for created_at bounds; null when not one. */
export function parseDay(text: string): string | null {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] ? `${m[1]}-${m[2]}-${m[3]}` : null;
}
