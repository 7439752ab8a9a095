import { describe, expect, it } from 'vitest';
import { parseTheme, themeCookie } from './theme';

describe('theme choice', () => {
  it('reads only the two themes it can apply, anything else is the system choice', () => {
    expect(parseTheme('light')).toBe('light');
    expect(parseTheme('dark')).toBe('dark');
    for (const v of [undefined, null, '', 'system', 'Dark', 'dark"><script>', 'light; path=/']) expect(parseTheme(v)).toBeNull();
  });

  it('keeps a choice for a year on the whole site and removes it for the system choice', () => {
    expect(themeCookie('dark')).toBe('vzfleet-theme=dark; path=/; max-age=31536000; samesite=lax');
    expect(themeCookie(null)).toMatch(/^vzfleet-theme=; path=\/; max-age=0;/);
  });
});
