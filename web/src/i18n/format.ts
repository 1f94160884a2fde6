// Numbers, sizes, dates and plural rules in the page's locale: 'en' until language.ts sets the chosen one.
function formattersFor(locale: string) {
  return {
    number: new Intl.NumberFormat(locale),
    oneDecimal: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }),
    dateTime: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }),
    relative: new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
    plural: new Intl.PluralRules(locale),
  };
}

let { number, oneDecimal, dateTime, relative, plural } = formattersFor('en');

export function setFormatLocale(locale: string) {
  ({ number, oneDecimal, dateTime, relative, plural } = formattersFor(locale));
}

export const formatNumber = (n: number) => number.format(n);
export const pluralOf = (n: number) => plural.select(n);

const binary = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes in binary units (GiB/MiB), the way disk images are sized. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < binary.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? number.format(value) : oneDecimal.format(value)} ${binary[unit]}`;
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400], ['month', 30 * 86400], ['week', 7 * 86400], ['day', 86400], ['hour', 3600], ['minute', 60],
  ['second', 1],
];

export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const seconds = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of steps)
    if (Math.abs(seconds) >= size || unit === 'second') return relative.format(Math.round(seconds / size), unit);
  return '—';
}

export function formatDuration(seconds: number): string {
  if (!isFinite(seconds) || seconds < 0) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}
