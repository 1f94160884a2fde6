import { describe, expect, it } from 'vitest';
import { chooseLanguage, localeFor } from './language';

describe('chooseLanguage', () => {
  it.each([
    { browser: ['de-DE', 'en-US'], stored: null, expected: 'de' },
    { browser: ['en-US', 'de-DE'], stored: null, expected: 'en' },
    { browser: ['fr-FR', 'de-AT', 'en'], stored: null, expected: 'de' }, // the first language we ship
    { browser: ['fr-FR', 'es'], stored: null, expected: 'en' }, // none we ship
    { browser: [], stored: null, expected: 'en' },
    { browser: ['DE'], stored: null, expected: 'de' }, // tags are case-insensitive
    { browser: ['de-DE'], stored: 'en', expected: 'en' }, // the remembered choice wins
    { browser: ['en-US'], stored: 'de', expected: 'de' },
    { browser: ['de-DE'], stored: 'fr', expected: 'de' }, // a stored language we no longer ship is ignored
    { browser: ['en-US'], stored: 'constructor', expected: 'en' }, // nor does an object's own property count
  ])('$browser with $stored stored → $expected', ({ browser, stored, expected }) => {
    expect(chooseLanguage(browser, stored)).toBe(expected);
  });
});

describe('localeFor', () => {
  it('keeps the browser’s regional tag for the chosen language', () => {
    expect(localeFor('de', ['fr-FR', 'de-AT'])).toBe('de-AT');
    expect(localeFor('en', ['de-DE', 'en-GB'])).toBe('en-GB');
  });

  it('falls back to the bare language when the browser does not list it', () => {
    expect(localeFor('en', ['de-DE'])).toBe('en');
    expect(localeFor('de', [])).toBe('de');
  });
});
