import { handleKioskRequest } from '@/server/auth/kiosk-gate';
import { getServices } from '@/server/runtime';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ token: string }> };

/** A wall link: GET shows a button (spends nothing), POST opens it once (server/auth/kiosk-gate.ts). */
const handler = async (req: Request, { params }: Params): Promise<Response> => handleKioskRequest(await getServices(), req, (await params).token);

export { handler as GET, handler as POST };
