import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/env';
import { buildCsp, hasSessionCookie, isOpenPath } from '@/server/auth/security-headers';

/**
 * Before a page renders: a fresh CSP nonce per request, and people without any session cookie sent
 * to the login page. This is the cheap, optimistic check; the real one (a live session with the
 * right role) is in each route group's layout and in every tRPC procedure.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!isOpenPath(pathname) && !hasSessionCookie(request.cookies.getAll().map((c) => c.name))) {
    const login = new URL('/login', request.url);
    if (pathname !== '/') login.searchParams.set('next', pathname + search);
    return NextResponse.redirect(login);
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const csp = buildCsp(nonce, { dev: env.NODE_ENV === 'development', https: env.VZFLEET_PUBLIC_URL?.startsWith('https://') ?? false });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!api|_next/static|_next/image|favicon.ico|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
