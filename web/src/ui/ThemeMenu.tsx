import { useState } from 'react';
import { t } from '../i18n/strings';
import { applyTheme, storedTheme, type ThemeChoice } from './theme';

export function ThemeMenu() {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  return (
    <label className="theme">
      <span className="sr-only">{t('theme')}</span>
      <select value={choice} onChange={(e) => {
        const next = e.target.value as ThemeChoice;
        setChoice(next);
        applyTheme(next);
      }}>
        {(['system', 'light', 'dark'] as const).map((c) => <option key={c} value={c}>{t(`theme_${c}`)}</option>)}
      </select>
    </label>
  );
}
