import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { authFor } from '@/server/auth/auth';
import { withClientIp } from '@/server/auth/client-address';
import { checkMutationRequest } from '@/server/auth/request-checks';
import { resolveViewer } from '@/server/auth/viewer';
import { getServices } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Roles are declared per procedure (meta.roles) and enforced in server/api/init.ts. */
const handler = async (req: Request) => {
  const services = await getServices();
  const verdict = checkMutationRequest(req.method, req.headers, services.publicUrl);
  if (!verdict.ok) return Response.json({ error: verdict.reason }, { status: 403 });
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => {
      const auth = authFor(services);
      const headers = withClientIp(req.headers, services.trustedProxies);
      const viewer = await resolveViewer(auth, services.db, headers);
      const stillAuthorized = async () => (await resolveViewer(auth, services.db, headers))?.role === viewer?.role;
      return { services, headers, viewer, stillAuthorized };
    },
  });
};

export { handler as GET, handler as POST };
