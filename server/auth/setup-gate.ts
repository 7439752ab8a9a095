import { z } from 'zod';
import { recordAnonymousFailure } from '../audit/anonymous';
import { recordAudit } from '../audit/record';
import type { GateDeps } from './gate-deps';
import { authFor } from './auth';
import { BodyTooLargeError, readBoundedBody, tooLargeResponse } from './body-limit';
import { isLoopbackClient, withClientIp } from '../http/client-address';
import { createFirstAdmin } from './first-admin';
import { checkMutationRequest } from './request-checks';
import { isSetupToken } from './setup-token';
import { newUserSchema } from './users';

const setupSchema = newUserSchema.omit({ role: true }).extend({ setupToken: z.string().max(200).optional() });

/** Hosts that name this machine: an Origin with one of them cannot be a rebinding page's own name. */
function isLoopbackOrigin(origin: string | null, publicUrl?: string): boolean {
  if (!origin) return false;
  try {
    const u = new URL(origin);
    if (publicUrl && u.origin === new URL(publicUrl).origin) return true;
    return u.hostname === 'localhost' || u.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(u.hostname);
  } catch {
    return false;
  }
}

/**
 * POST /api/setup, first run only. Without the setup token from the server log, only a browser on
 * this machine (loopback socket, no proxy) at a loopback origin (or the public URL) may create the
 * admin: the request's own Host is not trusted, as a DNS-rebinding page controls it. Refusals are
 * counted (audit_anonymous), not logged one line each.
 */
export async function handleSetupRequest(services: GateDeps, req: Request): Promise<Response> {
  const headers = withClientIp(req.headers, services.trustedProxies);
  const ctx = { services, headers, viewer: null };
  const verdict = checkMutationRequest(req.method, req.headers, services.publicUrl);
  if (!verdict.ok) {
    await recordAnonymousFailure(ctx, 'setup.refused');
    return Response.json({ error: verdict.reason }, { status: 403 });
  }
  let text: string;
  try {
    text = await readBoundedBody(req);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return tooLargeResponse();
    throw err;
  }
  let raw: unknown = null;
  try {
    raw = JSON.parse(text);
  } catch {
    /* answered as invalid input below */
  }
  const parsed = setupSchema.safeParse(raw);
  if (!parsed.success) return Response.json({ error: 'invalid input', fieldErrors: z.flattenError(parsed.error).fieldErrors }, { status: 400 });
  const { setupToken, ...input } = parsed.data;
  const local = isLoopbackClient(req.headers) && isLoopbackOrigin(req.headers.get('origin'), services.publicUrl);
  if (!local && !isSetupToken(setupToken)) {
    await recordAnonymousFailure(ctx, 'setup.refused');
    return Response.json({ error: 'the setup token is required (printed in the server log at start), or open this page on the server itself' }, { status: 403 });
  }
  const user = await createFirstAdmin(authFor(services), services.db, input);
  if (!user) {
    await recordAnonymousFailure(ctx, 'setup.refused');
    return Response.json({ error: 'setup is done: an account exists already' }, { status: 409 });
  }
  await recordAudit(ctx, { action: 'setup.first-admin', target: user.email, result: 'ok', detail: { via: local ? 'loopback' : 'setup token' } });
  return Response.json({ ok: true, email: user.email }, { status: 201 });
}
