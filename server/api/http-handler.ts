import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { authFor } from '../auth/auth';
import { boundRequestBody } from '../auth/body-limit';
import { preferredCoding } from '../http/accept-encoding';
import { withClientIp } from '../http/client-address';
import { preEncodedPassInstalled } from '../http/pre-encoded-pass';
import { checkMutationRequest } from '../auth/request-checks';
import { resolveViewer } from '../auth/viewer';
import type { Services } from '../services';
import { TRPC_MAX_BATCH } from './batch-limit';
import type { ProcedureMeta, TrpcContext } from './init';
import { appRouter } from './root';
import { answerFrom, encodedAnswerFrom, keepAnswer, mayShare, sharedQueryOf, UnshareableAnswer } from './shared-responses';

const ENDPOINT = '/api/trpc';

/**
 * /api/trpc: same-origin JSON for mutations, a bounded body, a bounded batch, and a context whose
 * headers carry the client address resolved here. Roles are enforced per procedure (init.ts).
 * The few queries whose answer is the same for everyone (shared-responses.ts) are answered from
 * one shared answer per window, after the same role check the procedure makes, compressed once
 * per window where the server passes pre-encoded bodies on.
 */
export async function handleTrpcRequest(services: Services, raw: Request): Promise<Response> {
  const verdict = checkMutationRequest(raw.method, raw.headers, services.publicUrl);
  if (!verdict.ok) return Response.json({ error: verdict.reason }, { status: 403 });
  const req = await boundRequestBody(raw);
  if (req instanceof Response) return req;
  const context = createContextFor(services, req);
  const viaTrpc = () =>
    fetchRequestHandler({ endpoint: ENDPOINT, req, router: appRouter, maxBatchSize: TRPC_MAX_BATCH, createContext: () => context.value() });
  const shared = services.sharedReads ? sharedQueryOf(req, ENDPOINT) : null;
  if (!shared || !services.sharedReads) return viaTrpc();
  if (!mayShare((await context.value()).viewer, procedureMeta(shared.path))) return viaTrpc();
  try {
    const kept = await services.sharedReads.read(`http:${shared.path}:${shared.batch ? 'batch' : 'single'}`, async () => keepAnswer(await viaTrpc()));
    const coding = preEncodedPassInstalled() ? preferredCoding(req.headers.get('accept-encoding')) : null;
    return coding ? await encodedAnswerFrom(kept, coding) : answerFrom(kept);
  } catch (err) {
    // The first asker's answer was an error (or the read failed): everyone asks tRPC for their own.
    if (err instanceof UnshareableAnswer) return viaTrpc();
    throw err;
  }
}

/** A procedure's declared meta (roles), by its dotted path: tRPC keeps them flat at run time. */
function procedureMeta(path: string): ProcedureMeta | undefined {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } } | undefined>;
  return procedures[path]?._def.meta;
}

/** The tRPC context of a request, resolved once (the shared path reads the viewer before tRPC does). */
function createContextFor(services: Services, req: Request) {
  let made: Promise<TrpcContext> | null = null;
  const make = async (): Promise<TrpcContext> => {
    const auth = authFor(services);
    const headers = withClientIp(req.headers, services.trustedProxies);
    const viewer = await resolveViewer(auth, services.db, headers);
    // A live stream asks before every tick: the session must still be there with the same role.
    const stillAuthorized = async () => (await resolveViewer(auth, services.db, headers, { enrolment: false }))?.role === viewer?.role;
    return { services, headers, viewer, stillAuthorized };
  };
  return { value: () => (made ??= make()) };
}
