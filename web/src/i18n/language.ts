// The one place that decides the page's language and Intl locale, and applies them: catalogue, formats, <html>.
import { setFormatLocale } from './format';
import { setCatalogue, strings, type Catalogue } from './strings';

interface Shipped { name: string; dir: 'ltr' | 'rtl'; load: () => Promise<Catalogue> }

// English is in the entry chunk; every other catalogue is a chunk of its own, fetched only by those who read it.
export const languages = {
  en: { name: 'English', dir: 'ltr', load: async () => strings },
  de: { name: 'Deutsch', dir: 'ltr', load: async () => (await import('./de')).de },
} satisfies Record<string, Shipped>;
export type Language = keyof typeof languages;

const isLanguage = (tag: string | null): tag is Language => tag !== null && Object.hasOwn(languages, tag);
const primary = (tag: string) => tag.toLowerCase().split('-')[0];

/** The stored choice if we ship it, else the first of the browser's languages that we ship, else English. */
export function chooseLanguage(browser: readonly string[], stored: string | null): Language {
  if (isLanguage(stored)) return stored;
  return browser.map(primary).find(isLanguage) ?? 'en';
}

/** Formats follow the browser's own tag for the language (de-AT, en-GB keep their dates), else the bare language. */
export function localeFor(language: Language, browser: readonly string[]): string {
  return browser.find((tag) => primary(tag) === language) ?? language;
}

const storageKey = 'panelimages.language';
let current: Language = 'en';
let applying = 0;
const listeners = new Set<() => void>();

export const currentLanguage = () => current;

export function onLanguageChange(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

async function apply(language: Language) {
  const turn = ++applying;
  const catalogue = await languages[language].load();
  if (turn !== applying) return; // a later choice was made while this catalogue loaded
  setCatalogue(catalogue);
  setFormatLocale(localeFor(language, navigator.languages));
  document.documentElement.lang = language;
  document.documentElement.dir = languages[language].dir;
  current = language;
  listeners.forEach((listener) => listener());
}

/** Before the first render: the remembered choice or the browser's. */
export const startLanguage = () => apply(chooseLanguage(navigator.languages, localStorage.getItem(storageKey)));

/** The person's choice from the menu, remembered in this browser. */
export function pickLanguage(language: Language) {
  localStorage.setItem(storageKey, language);
  return apply(language);
}
