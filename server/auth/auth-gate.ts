import { z } from 'zod';
import { recordAnonymousFailure } from '../audit/anonymous';
import { recordAudit } from '../audit/record';
import type { GateDeps } from './gate-deps';
import { authFor } from './auth';
import { BodyTooLargeError, readBoundedBody, tooLargeResponse } from './body-limit';
import { clientIp, withClientIp } from '../http/client-address';
import { checkSignInBrake } from './sign-in-brake';
import { claimTotpStep, endSession, findSessionUser, sessionTokenOf } from './totp-replay';
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
const totpBody = z.object({ code: z.string().max(16) });

/**
 * The edge in front of Better Auth: JSON + same-origin for every POST, the client's address for
 * its rate limits, a per-account brake, and an audit line for each sign-in (success and failure)
 * and account change.
 */
export async function handleAuthRequest(services: GateDeps, req: Request): Promise<Response> {
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
  if (res.ok && action === 'auth.totp') {
    const replay = await refuseReplayedTotp(services, auth, res, viewer?.id ?? null, body);
    if (replay) {
      await recordAudit(ctx, { action, target: viewer?.label, result: 'denied', detail: { status: replay.status, reason: 'TOTP code used already' } });
      return replay;
    }
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

/**
 * A TOTP code is good once: Better Auth accepts a code for its whole window, so after it did, the
 * code's time step is claimed for the user (totp-replay.ts). A replay gets 401 and the session the
 * verification just created is ended.
 */
async function refuseReplayedTotp(services: GateDeps, auth: ReturnType<typeof authFor>, res: Response, sessionUserId: string | null, body: string | undefined): Promise<Response | null> {
  const code = totpBody.safeParse(parseJson(body)).data?.code;
  const token = sessionTokenOf(res);
  const userId = sessionUserId ?? (token ? await findSessionUser(services.db, token) : null);
  if (!code || !userId) return null;
  if (await claimTotpStep(auth, services.db, userId, code, services.clock())) return null;
  if (token) await endSession(services.db, token);
  return Response.json({ message: 'This code was used already; wait for the next one.', code: 'TOTP_REPLAYED' }, { status: 401 });
}

function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch {
    return null;
  }
}
