import { handleMetricsRequest } from '@/server/metrics/http';
import { getServices } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export async function GET(req: Request): Promise<Response> {
  return handleMetricsRequest(await getServices(), req);
}
