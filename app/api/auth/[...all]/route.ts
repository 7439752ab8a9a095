import { handleAuthRequest } from '@/server/auth/auth-gate';
import { getServices } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Better Auth (sign-in, sign-out, two-factor), behind vzfleet's origin check and audit. */
const handler = async (req: Request) => handleAuthRequest(await getServices(), req);

export { handler as GET, handler as POST };
