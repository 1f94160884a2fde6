import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Button, Dialog, DialogTrigger, Popover,
} from 'react-aria-components';
import { api } from '../api/client';
import type { FacetCounts, FilterOptions } from '../api/types';
import { t } from '../i18n/strings';
import { fieldsFor, chipLabel, chipValue } from '../state/fields';
import { addChip, removeChip, type Chip, type Lookup } from '../state/filters';
import type { Audience } from '../state/url';
import { Choice } from './Dialogs';

const lookupNames = (): Record<Lookup, string> => ({
  '': t('lookup_is'), ne: t('lookup_ne'), gte: t('lookup_gte'), lte: t('lookup_lte'), gt: t('lookup_gt'), lt: t('lookup_lt'),
  icontains: t('lookup_icontains'),
});

export function FilterBar({ audience, chips, options, onChange, facetUrl }: {
  audience: Audience; chips: Chip[]; options?: FilterOptions; onChange: (c: Chip[]) => void;
  /** Where the counts of a field's values in this view come from (GET {list}/facets). */
  facetUrl: (field: string) => string;
}) {
  const fields = fieldsFor(audience);
  const [fieldName, setFieldName] = useState(fields[0].field);
  const field = fields.find((f) => f.field === fieldName)!;
  const [lookup, setLookup] = useState<Lookup>(field.lookups[0]);
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<string | null>(null);
  const choices = (options as Record<string, { value: string; display: string }[]> | undefined)?.[field.field] ?? field.choices
    ?? (field.kind === 'bool' ? [{ value: 'true', display: t('yes') }, { value: 'false', display: t('no') }] : undefined);
  return (
    <div className="filters">
      {chips.length > 0 && (
        <ul className="chips" aria-label={t('filters')}>
          {chips.map((c, i) => (
            <li key={i} className="chip">
              {chipLabel(c)}
              <Button aria-label={t('removeFilter', { label: chipLabel(c) })} onPress={() => onChange(chips.filter((_, j) => j !== i))}>×</Button>
            </li>
          ))}
        </ul>
      )}
      <DialogTrigger>
        <Button className="btn">{t('addFilter')}</Button>
        <Popover className="popover">
          <Dialog aria-label={t('addFilter')} className="dialog">
            {({ close }) => (
              <form onSubmit={(e) => {
                e.preventDefault();
                const text = choices ? choice || choices[0]?.value || '' : String(new FormData(e.currentTarget).get('value') ?? '');
                const v = chipValue(field, text);
                if ('error' in v) return setError(v.error);
                setError(null);
                onChange(addChip(removeChip(chips, { field: field.field, lookup, value: v.value }), { field: field.field, lookup, value: v.value }));
                close();
              }}>
                <Choice label={t('filterField')} value={fieldName} values={fields.map((f) => f.field)}
                  displays={Object.fromEntries(fields.map((f) => [f.field, t(f.label)]))}
                  onChange={(v) => { setFieldName(v); setLookup(fields.find((f) => f.field === v)!.lookups[0]); setChoice(''); setError(null); }} />
                {field.lookups.length > 1 && (
                  <Choice label={t('match')} value={lookup} values={field.lookups} displays={lookupNames()} onChange={(v) => setLookup(v as Lookup)} />
                )}
                {choices ? (
                  <ValueChoice field={field.field} choices={choices} value={choice || choices[0]?.value || ''}
                    onChange={setChoice} facetUrl={facetUrl} />
                ) : (
                  <label className="field">
                    <span>{t('filterValue')}</span>
                    <input name="value" autoFocus aria-invalid={error ? true : undefined}
                      placeholder={field.kind === 'size' ? '2 GiB' : field.kind === 'date' ? t('datePattern') : ''} />
                    {error && <span className="fielderror" role="alert">{error}</span>}
                  </label>
                )}
                {error && choices && <p className="fielderror" role="alert">{error}</p>}
                <div className="buttons"><Button type="submit" className="btn primary">{t('apply')}</Button></div>
              </form>
            )}
          </Dialog>
        </Popover>
      </DialogTrigger>
      {chips.length > 0 && <Button className="btn link" onPress={() => onChange([])}>{t('clearFilters')}</Button>}
    </div>
  );
}

/** Fields the API counts by value (FacetsApi): their choices say how many images of the view each would match. */
const counted = new Set(['status', 'visibility', 'type', 'disk_format', 'hypervisor_type', 'protected']);

function ValueChoice({ field, choices, value, onChange, facetUrl }: {
  field: string; choices: { value: string; display: string }[]; value: string; onChange: (v: string) => void;
  facetUrl: (field: string) => string;
}) {
  const url = facetUrl(field);
  // Under 'catalogue': a catalogue change refetches the counts with the list.
  const facets = useQuery({
    queryKey: ['catalogue', 'facets', url], enabled: counted.has(field),
    queryFn: ({ signal }) => api<FacetCounts>(url, { signal }),
  });
  const counts = new Map(facets.data?.values.map((v) => [v.value ?? '', v.count]));
  const shown = (c: { value: string; display: string }) =>
    facets.data ? t('facetCount', { value: c.display, count: counts.get(c.value) ?? 0 }) : c.display;
  return (
    <Choice label={t('filterValue')} value={value} values={choices.map((c) => c.value)}
      displays={Object.fromEntries(choices.map((c) => [c.value, shown(c)]))} onChange={onChange} />
  );
}
