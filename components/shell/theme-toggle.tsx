'use client';

import { useEffect, useState } from 'react';
import { parseTheme, themeCookie, THEME_COOKIE, type ChosenTheme } from './theme';

type Theme = 'system' | ChosenTheme;
const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<Theme, string> = { system: '◐ Theme: system', light: '☀ Theme: light', dark: '☾ Theme: dark' };

/** Light, dark, or whatever the system says; remembered in this browser (a cookie the server reads). */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>('system');
  useEffect(() => {
    const root = document.documentElement;
    // Earlier versions kept the choice in localStorage: carried over once, into the cookie.
    const old = parseTheme(localStorage.getItem(THEME_COOKIE));
    if (old && !parseTheme(root.dataset.theme)) {
      document.cookie = themeCookie(old);
      root.dataset.theme = old;
    }
    localStorage.removeItem(THEME_COOKIE);
    setTheme(parseTheme(root.dataset.theme) ?? 'system');
  }, []);
  const change = () => {
    const next = NEXT[theme];
    setTheme(next);
    const chosen = next === 'system' ? null : next;
    document.cookie = themeCookie(chosen);
    if (chosen) document.documentElement.dataset.theme = chosen;
    else delete document.documentElement.dataset.theme;
  };
  return (
    <button type="button" className="button button-small theme-toggle" onClick={change} title="Switch between system, light and dark theme">
      {LABEL[theme]}
    </button>
  );
}
