// The filter chips the page offers: field, how a value is typed, and how a chip reads.
import { formatBytes } from '../i18n/format';
import { t, type StringKey } from '../i18n/strings';
import type { Chip, Lookup } from './filters';
import { parseDay, parseSize } from './filters';
import type { Audience } from './url';

export type FieldKind = 'choice' | 'bool' | 'text' | 'size' | 'date';

export interface FilterField {
  field: string;
  label: StringKey;
  kind: FieldKind;
  lookups: Lookup[];
  /** Fixed choices; `status`, `visibility`, `hypervisor_type` come from the list's filter_options. */
  choices?: { value: string; display: string }[];
  staffOnly?: boolean;
}

const c = (...values: string[]) => values.map((v) => ({ value: v, display: v }));

export const filterFields: FilterField[] = [
  { field: 'status', label: 'col_status', kind: 'choice', lookups: ['', 'ne'] },
  { field: 'visibility', label: 'col_visibility', kind: 'choice', lookups: ['', 'ne'] },
  { field: 'type', label: 'col_type', kind: 'choice', lookups: ['', 'ne'], choices: c('template', 'snapshot', 'backup', 'iso') },
  { field: 'disk_format', label: 'col_disk_format', kind: 'choice', lookups: ['', 'ne'],
    choices: c('qcow2', 'raw', 'iso', 'vmdk', 'vdi', 'vhd', 'vhdx', 'ami', 'ari', 'aki', 'ploop') },
  { field: 'os_distro', label: 'col_os', kind: 'text', lookups: ['', 'icontains', 'ne'] },
  { field: 'region', label: 'col_region', kind: 'text', lookups: ['', 'ne'] },
  { field: 'hypervisor_type', label: 'field_hypervisor', kind: 'choice', lookups: ['', 'ne'] },
  { field: 'protected', label: 'col_protected', kind: 'bool', lookups: [''] },
  { field: 'created_at', label: 'col_created_at', kind: 'date', lookups: ['gte', 'lte'] },
  { field: 'size', label: 'col_size', kind: 'size', lookups: ['gte', 'lte'] },
  { field: 'tags', label: 'field_tag', kind: 'text', lookups: [''] },
  { field: 'client', label: 'col_client', kind: 'text', lookups: ['', 'ne'], staffOnly: true },
  { field: 'project', label: 'field_project', kind: 'text', lookups: ['', 'ne'], staffOnly: true },
];

export function fieldsFor(audience: Audience): FilterField[] {
  return filterFields.filter((f) => !f.staffOnly || audience !== 'enduser');
}

const lookupText: Record<Lookup, string> = { '': '=', ne: '≠', gte: '≥', lte: '≤', gt: '>', lt: '<', icontains: '∋' };

export function chipLabel(chip: Chip): string {
  const field = filterFields.find((f) => f.field === chip.field);
  const value = field?.kind === 'size' && /^\d+$/.test(chip.value) ? formatBytes(Number(chip.value)) : chip.value;
  return `${field ? t(field.label) : chip.field} ${lookupText[chip.lookup]} ${value}`;
}

/** A typed value → the grammar's value, or an error message for the field. */
export function chipValue(field: FilterField, text: string): { value: string } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { error: t('valueMissing') };
  if (trimmed.includes('+')) return { error: t('valuePlus') };
  if (field.kind === 'size') {
    const bytes = parseSize(trimmed);
    return bytes === null ? { error: t('valueSize') } : { value: String(bytes) };
  }
  if (field.kind === 'date') {
    const day = parseDay(trimmed);
    return day === null ? { error: t('valueDate') } : { value: day };
  }
  if (field.kind === 'bool' && trimmed !== 'true' && trimmed !== 'false') return { error: t('valueYesNo') };
  return { value: trimmed };
}
