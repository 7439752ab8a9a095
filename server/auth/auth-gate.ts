import { z } from 'zod';
import { countFailedSignIns } from '../audit/query';
import { recordAudit } from '../audit/record';
import type { Services } from '../services';
import { authFor } from './auth';
import { checkMutationRequest, clientIp } from './request-checks';
import { resolveViewer } from './viewer';

/** Failed sign-ins per account in a quarter of an hour before it is refused, whatever the address. */
export const ACCOUNT_FAILURES_MAX = 10;
const ACCOUNT_WINDOW_MS = 15 * 60_000;

const AUDITED: Record<string, string> = {
  '/api/auth/sign-in/email': 'auth.sign-in',
  '/api/auth/sign-out': 'auth.sign-out',
  '/api/auth/two-factor/verify-totp': 'auth.totp',
  '/api/auth/two-factor/verify-backup-code': 'auth.backup-code',
  '/api/auth/two-factor/enable': 'auth.totp-enable',
  '/api/auth/two-factor/disable': 'auth.totp-disable',
  '/api/auth/change-password': 'auth.change-password',
};

const emailBody = z.object({ email: z.string().max(254) }).partial();

/**
 * The edge in front of Better Auth: JSON + same-origin for every POST, the client's address for
 * its rate limits, a per-account brake, and an audit line for each sign-in (success and failure)
 * and account change.
 */
export async function handleAuthRequest(services: Services, req: Request): Promise<Response> {
  const verdict = checkMutationRequest(req.method, req.headers, services.publicUrl);
  if (!verdict.ok) return Response.json({ error: verdict.reason }, { status: 403 });
  const url = new URL(req.url);
  const headers = new Headers(req.headers);
  headers.delete('x-vzfleet-client-ip');
  const ip = clientIp(headers);
  if (ip) headers.set('x-vzfleet-client-ip', ip);
  const action = req.method === 'POST' ? AUDITED[url.pathname] : undefined;
  const body = req.method === 'POST' ? await req.text() : undefined;
  const forwarded = new Request(req.url, { method: req.method, headers, body });
  const auth = authFor(services);
  if (!action) return auth.handler(forwarded);

  const email = action === 'auth.sign-in' ? (emailBody.safeParse(JSON.parse(body || '{}')).data?.email?.trim().toLowerCase() ?? '') : undefined;
  // Who: for sign-in the e-mail tried; otherwise the session's owner, looked up before the call.
  const viewer = email === undefined ? await resolveViewer(auth, services.db, headers) : null;
  const ctx = { services, headers, viewer };
  if (email !== undefined) {
    const since = new Date(services.clock().getTime() - ACCOUNT_WINDOW_MS);
    if ((await countFailedSignIns(services.db, email, since)) >= ACCOUNT_FAILURES_MAX) {
      await recordAudit(ctx, { action, target: email, result: 'denied', detail: { reason: 'too many failed attempts for this account' } });
      return Response.json({ message: 'Too many failed attempts for this account; try again in 15 minutes.' }, { status: 429, headers: { 'retry-after': '900' } });
    }
  }
  const res = await auth.handler(forwarded);
  const result = res.ok ? 'ok' : res.status >= 500 ? 'error' : 'denied';
  let detail: Record<string, unknown> = { status: res.status };
  if (res.ok && action === 'auth.sign-in') {
    const out = (await res.clone().json().catch(() => null)) as { twoFactorRedirect?: boolean } | null;
    if (out?.twoFactorRedirect) detail = { ...detail, step: 'password ok, TOTP required' };
  }
  await recordAudit(ctx, { action, target: email ?? viewer?.label, result, detail });
  return res;
}
