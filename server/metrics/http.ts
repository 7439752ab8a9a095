import { findLatestFleetData } from '../read-models/latest-fleet';
import type { Services } from '../services';
import { cachedMetricsAccess, isAuthorizedScrape } from './access';
import { renderMetrics } from './exposition';
import { countFailedMigrations } from './failed-migrations';

const KEY = Symbol.for('vzfleet.metrics-exposition');
type Cached = { at: number; value: Promise<{ contentType: string; body: string }> };
type Holder = { [KEY]?: WeakMap<object, Cached> };

/**
 * The exposition, built at most once per poll interval and shared by every scrape in between (and by
 * concurrent ones): the figures only change when polls land, so a scrape never rebuilds the fleet.
 */
export function cachedExposition(services: Pick<Services, 'db' | 'clock' | 'pollIntervalMs'>): Promise<{ contentType: string; body: string }> {
  const map = ((globalThis as Holder)[KEY] ??= new WeakMap());
  const now = services.clock().getTime();
  const hit = map.get(services.db);
  if (hit && now - hit.at < (services.pollIntervalMs ?? 15_000)) return hit.value;
  const value = Promise.all([findLatestFleetData(services.db), countFailedMigrations(services.db)]).then(([fleet, failedMigrations]) =>
    renderMetrics(fleet, services.clock(), { failedMigrations, pollIntervalMs: services.pollIntervalMs ?? 15_000 }),
  );
  map.set(services.db, { at: now, value });
  value.catch(() => map.delete(services.db));
  return value;
}

/** GET /api/metrics: 401 without a valid bearer token unless an admin opened it. */
export async function handleMetricsRequest(services: Services, req: Request, envToken = services.metricsToken): Promise<Response> {
  const access = await cachedMetricsAccess(services.db, services.clock().getTime());
  if (!isAuthorizedScrape(req.headers.get('authorization'), access, envToken)) {
    return new Response('unauthorized: send Authorization: Bearer <token> (see the admin page)\n', {
      status: 401,
      headers: { 'www-authenticate': 'Bearer realm="vzfleet metrics"', 'cache-control': 'no-store' },
    });
  }
  const { contentType, body } = await cachedExposition(services);
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
}
