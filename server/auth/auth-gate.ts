import { z } from 'zod';
import { recordAnonymousFailure } from '../audit/anonymous';
import { recordAudit } from '../audit/record';
import type { Services } from '../services';
import { authFor } from './auth';
import { BodyTooLargeError, readBoundedBody, tooLargeResponse } from './body-limit';
import { clientIp, withClientIp } from './client-address';
import { checkSignInBrake } from './sign-in-brake';
import { checkMutationRequest } from './request-checks';
import { resolveViewer } from './viewer';

export { ACCOUNT_FAILURES_MAX, ADDRESS_FAILURES_MAX } from './sign-in-brake';

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
  // Better Auth's per-address rate limit reads this header (auth.ts): set here, never by the client.
  const headers = withClientIp(req.headers, services.trustedProxies);
  const action = req.method === 'POST' ? AUDITED[url.pathname] : undefined;
  let body: string | undefined;
  if (req.method === 'POST') {
    try {
      body = await readBoundedBody(req);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return tooLargeResponse();
      throw err;
    }
  }
  const forwarded = new Request(req.url, { method: req.method, headers, body });
  const auth = authFor(services);
  if (!action) return auth.handler(forwarded);

  const email = action === 'auth.sign-in' ? (emailBody.safeParse(parseJson(body)).data?.email?.trim().toLowerCase() ?? '') : undefined;
  // Who: for sign-in the e-mail tried; otherwise the session's owner, looked up before the call.
  const viewer = email === undefined ? await resolveViewer(auth, services.db, headers) : null;
  const ctx = { services, headers, viewer };
  if (email !== undefined) {
    const brake = await checkSignInBrake(services.db, email, clientIp(headers), services.clock());
    if (!brake.ok) {
      // Counted, not logged line by line: the brake's refusals neither fill the trail nor extend the lock.
      await recordAnonymousFailure(ctx, 'auth.sign-in.locked');
      return Response.json({ message: `${brake.reason[0]!.toUpperCase()}${brake.reason.slice(1)}; try again in 15 minutes.` }, { status: 429, headers: { 'retry-after': String(brake.retryAfterS) } });
    }
  }
  const res = await auth.handler(forwarded);
  if (res.status === 429) {
    // Better Auth's per-address rate limit: its refusals are counted too, not one row each.
    await recordAnonymousFailure(ctx, `${action}.throttled`);
    return res;
  }
  const result = res.ok ? 'ok' : res.status >= 500 ? 'error' : 'denied';
  let detail: Record<string, unknown> = { status: res.status };
  if (res.ok && action === 'auth.sign-in') {
    const out = (await res.clone().json().catch(() => null)) as { twoFactorRedirect?: boolean } | null;
    if (out?.twoFactorRedirect) detail = { ...detail, step: 'password ok, TOTP required' };
  }
  await recordAudit(ctx, { action, target: email ?? viewer?.label, result, detail });
  return res;
}

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch {
    return null;
  }
}
