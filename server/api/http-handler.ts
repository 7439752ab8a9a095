import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { authFor } from '../auth/auth';
import { boundRequestBody } from '../auth/body-limit';
import { withClientIp } from '../http/client-address';
import { checkMutationRequest } from '../auth/request-checks';
import { resolveViewer } from '../auth/viewer';
import type { Services } from '../services';
import { TRPC_MAX_BATCH } from './batch-limit';
import { appRouter } from './root';

/**
 * /api/trpc: same-origin JSON for mutations, a bounded body, a bounded batch, and a context whose
 * headers carry the client address resolved here. Roles are enforced per procedure (init.ts).
 */
export async function handleTrpcRequest(services: Services, raw: Request): Promise<Response> {
  const verdict = checkMutationRequest(raw.method, raw.headers, services.publicUrl);
  if (!verdict.ok) return Response.json({ error: verdict.reason }, { status: 403 });
  const req = await boundRequestBody(raw);
  if (req instanceof Response) return req;
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    maxBatchSize: TRPC_MAX_BATCH,
    createContext: async () => {
      const auth = authFor(services);
      const headers = withClientIp(req.headers, services.trustedProxies);
      const viewer = await resolveViewer(auth, services.db, headers);
      const stillAuthorized = async () => (await resolveViewer(auth, services.db, headers))?.role === viewer?.role;
      return { services, headers, viewer, stillAuthorized };
    },
  });
}
