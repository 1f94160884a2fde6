// The filter chips the page offers: field, how a value is typed, and how a chip reads.
import { formatBytes } from '../i18n/format';
import type { Chip, Lookup } from './filters';
import { parseDay, parseSize } from './filters';
import type { Audience } from './url';

export type FieldKind = 'choice' | 'bool' | 'text' | 'size' | 'date';

export interface FilterField {
  field: string;
  label: string;
  kind: FieldKind;
  lookups: Lookup[];
  /** Fixed choices; `status`, `visibility`, `hypervisor_type` come from the list's filter_options. */
  choices?: { value: string; display: string }[];
  staffOnly?: boolean;
}

const c = (...values: string[]) => values.map((v) => ({ value: v, display: v }));

export const filterFields: FilterField[] = [
  { field: 'status', label: 'Status', kind: 'choice', lookups: ['', 'ne'] },
  { field: 'visibility', label: 'Visibility', kind: 'choice', lookups: ['', 'ne'] },
  { field: 'type', label: 'Type', kind: 'choice', lookups: ['', 'ne'], choices: c('template', 'snapshot', 'backup', 'iso') },
  { field: 'disk_format', label: 'Disk format', kind: 'choice', lookups: ['', 'ne'],
    choices: c('qcow2', 'raw', 'iso', 'vmdk', 'vdi', 'vhd', 'vhdx', 'ami', 'ari', 'aki', 'ploop') },
  { field: 'os_distro', label: 'OS', kind: 'text', lookups: ['', 'icontains', 'ne'] },
  { field: 'region', label: 'Region', kind: 'text', lookups: ['', 'ne'] },
  { field: 'hypervisor_type', label: 'Hypervisor', kind: 'choice', lookups: ['', 'ne'] },
  { field: 'protected', label: 'Protected', kind: 'bool', lookups: [''] },
  { field: 'created_at', label: 'Created', kind: 'date', lookups: ['gte', 'lte'] },
  { field: 'size', label: 'Size', kind: 'size', lookups: ['gte', 'lte'] },
  { field: 'tags', label: 'Tag', kind: 'text', lookups: [''] },
  { field: 'client', label: 'Client', kind: 'text', lookups: ['', 'ne'], staffOnly: true },
  { field: 'project', label: 'Project', kind: 'text', lookups: ['', 'ne'], staffOnly: true },
];

export function fieldsFor(audience: Audience): FilterField[] {
  return filterFields.filter((f) => !f.staffOnly || audience !== 'enduser');
}

const lookupText: Record<Lookup, string> = { '': '=', ne: '≠', gte: '≥', lte: '≤', gt: '>', lt: '<', icontains: '∋' };

export function chipLabel(chip: Chip): string {
  const field = filterFields.find((f) => f.field === chip.field);
  const value = field?.kind === 'size' && /^\d+$/.test(chip.value) ? formatBytes(Number(chip.value)) : chip.value;
  return `${field?.label ?? chip.field} ${lookupText[chip.lookup]} ${value}`;
}

/** A typed value → the grammar's value, or an error message for the field. */
export function chipValue(field: FilterField, text: string): { value: string } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { error: 'Enter a value.' };
  if (trimmed.includes('+')) return { error: 'A filter value cannot contain "+".' };
  if (field.kind === 'size') {
    const bytes = parseSize(trimmed);
    return bytes === null ? { error: 'Enter a size such as 2 GiB, 500 MiB or 1048576.' } : { value: String(bytes) };
  }
  if (field.kind === 'date') {
    const day = parseDay(trimmed);
    return day === null ? { error: 'Enter a date as YYYY-MM-DD.' } : { value: day };
  }
  if (field.kind === 'bool' && trimmed !== 'true' && trimmed !== 'false') return { error: 'Choose yes or no.' };
  return { value: trimmed };
}
