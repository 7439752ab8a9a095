/**
 * Browser-side hardening, built here and tested beside: a CSP with a per-request nonce and no
 * 'unsafe-inline' for scripts, framing forbidden, and the usual companions.
 */
export function buildCsp(nonce: string, o: { dev: boolean; https: boolean }): string {
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${o.dev ? ` 'unsafe-eval'` : ''}`,
    // Recharts and React set style attributes; nonces cannot cover those. Scripts stay strict.
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    ...(o.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** Headers for every response (pages and API). */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
];

/** Better Auth's session cookie (with or without the __Secure- prefix), or a kiosk cookie. */
export function hasSessionCookie(names: readonly string[]): boolean {
  return names.some((n) => /^(__Secure-)?vzfleet\.session_token$/.test(n) || n === 'vzfleet.kiosk');
}

/** Pages reachable without a session: the login and one-time setup pages, and the kiosk link. */
export function isOpenPath(pathname: string): boolean {
  return pathname === '/login' || pathname === '/setup' || pathname.startsWith('/kiosk/');
}
