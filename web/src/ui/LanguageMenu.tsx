import { useSyncExternalStore } from 'react';
import { currentLanguage, languages, onLanguageChange, pickLanguage, type Language } from '../i18n/language';
import { t } from '../i18n/strings';

export const useLanguage = () => useSyncExternalStore(onLanguageChange, currentLanguage);

/** Each language is named in itself (and marked as such), so a person finds theirs whatever the page shows now. */
export function LanguageMenu() {
  const language = useLanguage();
  return (
    <label className="language">
      <span className="sr-only">{t('language')}</span>
      <select value={language} onChange={(e) => void pickLanguage(e.target.value as Language)}>
        {Object.entries(languages).map(([id, { name }]) => <option key={id} value={id} lang={id}>{name}</option>)}
      </select>
    </label>
  );
}
