import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { getServices } from '@/server/runtime';

export const dynamic = 'force-dynamic';

const handler = async (req: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => ({ services: await getServices(), headers: req.headers }),
  });

export { handler as GET, handler as POST };
