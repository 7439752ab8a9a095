'use client';

import { useEffect, useState } from 'react';

type Theme = 'system' | 'light' | 'dark';
const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<Theme, string> = { system: '◐ Theme: system', light: '☀ Theme: light', dark: '☾ Theme: dark' };
export const THEME_KEY = 'vzfleet-theme';

/** Light, dark, or whatever the system says; remembered in this browser. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>('system');
  useEffect(() => {
    const saved = localStorage.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark') setTheme(saved);
  }, []);
  const change = () => {
    const next = NEXT[theme];
    setTheme(next);
    if (next === 'system') {
      localStorage.removeItem(THEME_KEY);
      delete document.documentElement.dataset.theme;
    } else {
      localStorage.setItem(THEME_KEY, next);
      document.documentElement.dataset.theme = next;
    }
  };
  return (
    <button type="button" className="button button-small theme-toggle" onClick={change} title="Switch between system, light and dark theme">
      {LABEL[theme]}
    </button>
  );
}
