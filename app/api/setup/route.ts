import { handleSetupRequest } from '@/server/auth/setup-gate';
import { getServices } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** First run only: creates the first admin. Answers 409 for ever after, once a user exists. */
export async function POST(req: Request): Promise<Response> {
  return handleSetupRequest(await getServices(), req);
}
