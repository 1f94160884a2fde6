// Dark mode follows prefers-color-scheme unless the person chose otherwise (remembered in this browser).
export type ThemeChoice = 'system' | 'light' | 'dark';
const key = 'panelimages.theme';

export function storedTheme(): ThemeChoice {
  const v = localStorage.getItem(key);
  return v === 'light' || v === 'dark' ? v : 'system';
}

export function applyTheme(choice: ThemeChoice) {
  if (choice === 'system') {
    localStorage.removeItem(key);
    delete document.documentElement.dataset.theme;
  } else {
    localStorage.setItem(key, choice);
    document.documentElement.dataset.theme = choice;
  }
}
