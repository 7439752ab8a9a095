import { recordAudit } from '@/server/audit/record';
import { withClientIp } from '@/server/auth/client-address';
import { KIOSK_COOKIE, KIOSK_COOKIE_MAX_AGE_S, openKioskLink } from '@/server/auth/kiosk';
import { getServices } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/**
 * A TV opens its wall link once: the link is swapped for a device cookie (HttpOnly, SameSite=Lax,
 * path /) and the TV lands on /wall. A second opening of the same link gets nothing.
 */
export async function GET(req: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const services = await getServices();
  const opened = await openKioskLink(services.db, token, services.clock());
  const ctx = { services, headers: withClientIp(req.headers, services.trustedProxies), viewer: null };
  if (!opened) {
    await recordAudit(ctx, { action: 'kiosk.open', result: 'denied' });
    return new Response('This wall link is not valid (used already, revoked or mistyped). Ask an admin for a new one.\n', {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    });
  }
  await recordAudit({ ...ctx, viewer: { kind: 'kiosk', id: String(opened.id), role: 'wall', label: `kiosk ${opened.id}` } }, { action: 'kiosk.open', target: `kiosk ${opened.id}`, result: 'ok' });
  const secure = services.publicUrl?.startsWith('https://') ?? false;
  const cookie = [`${KIOSK_COOKIE}=${opened.deviceSecret}`, 'Path=/', `Max-Age=${KIOSK_COOKIE_MAX_AGE_S}`, 'HttpOnly', 'SameSite=Lax', ...(secure ? ['Secure'] : [])].join('; ');
  return new Response(null, { status: 303, headers: { location: '/wall', 'set-cookie': cookie, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
}
