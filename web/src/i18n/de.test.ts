import { afterEach, describe, expect, it } from 'vitest';
import { de } from './de';
import { setFormatLocale } from './format';
import { setCatalogue, strings, t, type StringKey } from './strings';

const keys = Object.keys(strings) as StringKey[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const forms = (text: string) => text.split('|');

describe('the German catalogue', () => {
  it.each(keys)('%s has the same placeholders as English', (key) => {
    expect(placeholders(de[key])).toEqual(placeholders(strings[key]));
  });

  it.each(keys)('%s has as many plural forms as English, each with the same placeholders', (key) => {
    expect(forms(de[key]).length).toBe(forms(strings[key]).length);
    forms(de[key]).forEach((form, i) => expect(placeholders(form)).toEqual(placeholders(forms(strings[key])[i])));
  });
});

describe('t() in German', () => {
  afterEach(() => {
    setCatalogue(strings);
    setFormatLocale('en');
  });

  it('picks the plural form by the German rules and formats numbers the German way', () => {
    setCatalogue(de);
    setFormatLocale('de-DE');
    expect(t('total', { n: 1 })).toBe('1 Abbild');
    expect(t('total', { n: 0 })).toBe('0 Abbilder');
    expect(t('total', { n: 2 })).toBe('2 Abbilder');
    expect(t('total', { n: 1234 })).toBe('1.234 Abbilder');
    expect(t('totalEntries', { n: 1 })).toBe('1 Eintrag');
    expect(t('confirmDelete', { n: 3 })).toBe('3 Abbilder endgültig löschen?');
  });

  it('fills placeholders in German sentences', () => {
    setCatalogue(de);
    expect(t('removeFilter', { label: 'Größe ≥ 5 GiB' })).toBe('Filter Größe ≥ 5 GiB entfernen');
  });

  it('is English again once English is set', () => {
    expect(t('total', { n: 1234 })).toBe('1,234 images');
  });
});
