import { env } from '@/env';
import { findLatestFleetData } from '@/server/fleet/latest-fleet';
import { isAuthorizedScrape } from '@/server/metrics/bearer';
import { renderMetrics } from '@/server/metrics/exposition';
import { getServices } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export async function GET(req: Request): Promise<Response> {
  if (!isAuthorizedScrape(req.headers.get('authorization'), env.VZFLEET_METRICS_TOKEN)) {
    return new Response('unauthorized\n', { status: 401, headers: { 'www-authenticate': 'Bearer realm="vzfleet metrics"' } });
  }
  const services = await getServices();
  const { contentType, body } = await renderMetrics(await findLatestFleetData(services.db), services.clock());
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
