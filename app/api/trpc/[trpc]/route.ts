import { handleTrpcRequest } from '@/server/api/http-handler';
import { getServices } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Roles are declared per procedure (meta.roles) and enforced in server/api/init.ts. */
const handler = async (req: Request) => handleTrpcRequest(await getServices(), req);

export { handler as GET, handler as POST };
