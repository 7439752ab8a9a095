import { recordAnonymousFailure } from '../audit/anonymous';
import { recordAudit } from '../audit/record';
import type { GateDeps } from './gate-deps';
import { withClientIp } from '../http/client-address';
import { KIOSK_COOKIE, KIOSK_COOKIE_MAX_AGE_S, openKioskLink } from './kiosk';

const NO_STORE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex' };

/** The same page for every link (valid, used or junk): a GET reads nothing and spends nothing. */
const LANDING = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>vzfleet wall link</title></head>
<body><main>
<h1>Open the vzfleet wall on this screen</h1>
<p>This link works once: pressing the button turns it into a cookie on this screen, which then shows the wall.</p>
<form method="post"><button type="submit">Open the wall here</button></form>
</main></body></html>
`;

/**
 * /kiosk/<token>. GET shows a landing page with a button, so link previews and mail scanners (which
 * only GET) cannot spend the link or receive the wall cookie. The button POSTs back here: that opens
 * the link once, sets the device cookie and sends the screen to /wall.
 */
export async function handleKioskRequest(services: GateDeps, req: Request, token: string): Promise<Response> {
  if (req.method !== 'POST') {
    return new Response(LANDING, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', ...NO_STORE } });
  }
  const ctx = { services, headers: withClientIp(req.headers, services.trustedProxies), viewer: null };
  const opened = await openKioskLink(services.db, token, services.clock());
  if (!opened) {
    await recordAnonymousFailure(ctx, 'kiosk.open');
    return new Response('This wall link is not valid (used already, revoked or mistyped). Ask an admin for a new one.\n', {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...NO_STORE },
    });
  }
  await recordAudit({ ...ctx, viewer: { kind: 'kiosk', id: String(opened.id), role: 'wall', label: `kiosk ${opened.id}` } }, { action: 'kiosk.open', target: `kiosk ${opened.id}`, result: 'ok' });
  const secure = services.publicUrl?.startsWith('https://') ?? false;
  const cookie = [`${KIOSK_COOKIE}=${opened.deviceSecret}`, 'Path=/', `Max-Age=${KIOSK_COOKIE_MAX_AGE_S}`, 'HttpOnly', 'SameSite=Lax', ...(secure ? ['Secure'] : [])].join('; ');
  return new Response(null, { status: 303, headers: { location: '/wall', 'set-cookie': cookie, ...NO_STORE } });
}
