import { describe, expect, it } from 'vitest';
import { chipLabel, chipValue, filterFields } from './fields';
import { addChip, formatItem, fromFiltering, parseDay, parseItem, parseSize, toFiltering } from './filters';

const field = (name: string) => filterFields.find((f) => f.field === name)!;

describe('filter chips ⇄ filtering grammar', () => {
  it('parses key, lookup and value, splitting at the first colon only', () => {
    expect(parseItem('created_at__gte:2024-03-20T10:00:00Z')).toEqual({ field: 'created_at', lookup: 'gte', value: '2024-03-20T10:00:00Z' });
    expect(parseItem('status:active')).toEqual({ field: 'status', lookup: '', value: 'active' });
  });

  it('rejects items the page does not build', () => {
    expect(parseItem('nocolon')).toBeNull();
    expect(parseItem(':value')).toBeNull();
    expect(parseItem('size__between:1')).toBeNull();
    expect(parseItem('a__gte__x:1')).toBeNull();
  });

  it('joins with + and reads back the same chips', () => {
    const filtering = 'status:active+status:queued+size__lte:10+os_distro__icontains:ubu';
    expect(toFiltering(fromFiltering(filtering))).toBe(filtering);
    expect(fromFiltering('')).toEqual([]);
  });

  it('keeps one lower bound per field: a new one replaces the old', () => {
    const chips = addChip(fromFiltering('size__gte:1+status:active'), { field: 'size', lookup: 'gte', value: '2' });
    expect(toFiltering(chips)).toBe('status:active+size__gte:2');
    expect(toFiltering(addChip(chips, { field: 'status', lookup: '', value: 'killed' }))).toBe('status:active+size__gte:2+status:killed');
  });

  it('reads sizes in human units', () => {
    expect(parseSize('2 GiB')).toBe(2 * 1024 ** 3);
    expect(parseSize('1.5G')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('700 MB')).toBe(700e6);
    expect(parseSize('42')).toBe(42);
    expect(parseSize('lots')).toBeNull();
    expect(parseSize('3 parsecs')).toBeNull();
  });

  it('accepts real calendar days only', () => {
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
    expect(parseDay('2023-02-29')).toBeNull();
    expect(parseDay('20/03/2024')).toBeNull();
  });

  it('turns typed values into grammar values or says what is wrong', () => {
    expect(chipValue(field('size'), '1 GiB')).toEqual({ value: String(1024 ** 3) });
    expect(chipValue(field('size'), 'big')).toHaveProperty('error');
    expect(chipValue(field('created_at'), '2024-13-01')).toHaveProperty('error');
    expect(chipValue(field('os_distro'), 'a+b')).toHaveProperty('error');
    expect(chipValue(field('os_distro'), '  ')).toHaveProperty('error');
  });

  it('labels size chips in binary units', () => {
    expect(chipLabel({ field: 'size', lookup: 'gte', value: String(1024 ** 3) })).toMatch(/^Size ≥ 1 GiB$/);
    expect(formatItem({ field: 'protected', lookup: '', value: 'true' })).toBe('protected:true');
  });
});
