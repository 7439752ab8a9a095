import { z } from 'zod';
import { recordAudit } from '@/server/audit/record';
import { authFor } from '@/server/auth/auth';
import { createFirstAdmin } from '@/server/auth/first-admin';
import { withClientIp } from '@/server/auth/client-address';
import { checkMutationRequest } from '@/server/auth/request-checks';
import { newUserSchema } from '@/server/auth/users';
import { getServices } from '@/server/runtime';

export const dynamic = 'force-dynamic';

const setupSchema = newUserSchema.omit({ role: true });

/** First run only: creates the first admin. Answers 409 for ever after, once a user exists. */
export async function POST(req: Request): Promise<Response> {
  const services = await getServices();
  const verdict = checkMutationRequest(req.method, req.headers, services.publicUrl);
  if (!verdict.ok) return Response.json({ error: verdict.reason }, { status: 403 });
  const parsed = setupSchema.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: 'invalid input', fieldErrors: z.flattenError(parsed.error).fieldErrors }, { status: 400 });
  const user = await createFirstAdmin(authFor(services), services.db, parsed.data);
  const ctx = { services, headers: withClientIp(req.headers, services.trustedProxies), viewer: null };
  await recordAudit(ctx, { action: 'setup.first-admin', target: parsed.data.email, result: user ? 'ok' : 'denied' });
  if (!user) return Response.json({ error: 'setup is done: an account exists already' }, { status: 409 });
  return Response.json({ ok: true, email: user.email }, { status: 201 });
}
