/**
 * The light/dark choice, kept in a cookie so the server renders it on <html>: the page as served
 * has the right colours, with no script before the first paint (an inline script in <head> used to
 * read localStorage; inline scripts after the stylesheet hold the HTML parser until it has loaded).
 */
export const THEME_COOKIE = 'vzfleet-theme';

export type ChosenTheme = 'light' | 'dark';

/** The theme a cookie value names, or null for "as the system says" (and for anything else). */
export function parseTheme(value: string | undefined | null): ChosenTheme | null {
  return value === 'light' || value === 'dark' ? value : null;
}

/** The Set-Cookie string for document.cookie: a year, or removed for the system's choice. */
export function themeCookie(theme: ChosenTheme | null): string {
  return theme ? `${THEME_COOKIE}=${theme}; path=/; max-age=31536000; samesite=lax` : `${THEME_COOKIE}=; path=/; max-age=0; samesite=lax`;
}
