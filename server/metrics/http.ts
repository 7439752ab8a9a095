import { z } from 'zod';
import type { Services } from '../services';
import { cachedMetricsAccess, isAuthorizedScrape } from './access';
import { EXPOSITION_CONTENT_TYPE } from './exposition-text';
import { FailcntTotals } from './failcnt-totals';
import { findFleetMetricsData, type FleetMetricsNode } from './fleet-data';
import { renderFleetMetrics } from './fleet-exposition';
import { findNodeDetail } from './node-data';
import { renderNodeDetail } from './node-exposition';

/** `?node=<name or id>`: the inventory's node-name grammar (an id is all digits, which it also allows). */
export const metricsQuerySchema = z.object({
  node: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a node name or id')
    .optional(),
});

/**
 * Encoded once per build: a scrape copies bytes, it does not encode 2 MB again. Not compressed here:
 * `next start` gzips every response itself and would gzip a gzipped body a second time.
 */
interface Body { raw: Buffer }
interface Built { body: Body; byName: Map<string, FleetMetricsNode>; byId: Map<number, FleetMetricsNode> }
interface State {
  failcnt: FailcntTotals;
  fleet?: { at: number; value: Promise<Built> };
  refreshing?: Promise<Built>;
  /** Per-node bodies by "nodeId:snapshotId", newest last; bounded (a body is ~0.5 MB at 60 CTs). */
  details: Map<string, Promise<Body>>;
  /** Nodes whose per-CT series were scraped lately (id → when): rendered ahead when their snapshot changes. */
  watched: Map<number, number>;
}
const DETAILS_KEPT = 64;
const WATCH_MS = 10 * 60_000;
const KEY = Symbol.for('vzfleet.metrics-exposition');
type Holder = { [KEY]?: WeakMap<object, State> };

const bodyOf = (text: string): Body => ({ raw: Buffer.from(text, 'utf8') });

type MetricsServices = Pick<Services, 'db' | 'clock' | 'pollIntervalMs'>;

function stateOf(services: MetricsServices): State {
  const map = ((globalThis as Holder)[KEY] ??= new WeakMap());
  return map.get(services.db) ?? map.set(services.db, { failcnt: new FailcntTotals(), details: new Map(), watched: new Map() }).get(services.db)!;
}

async function buildFleet(services: MetricsServices, state: State): Promise<Built> {
  const now = services.clock();
  const fleet = await findFleetMetricsData(services.db, now, state.failcnt);
  const pollIntervalMs = services.pollIntervalMs ?? 15_000;
  return {
    body: bodyOf(renderFleetMetrics(fleet, now, { pollIntervalMs })),
    byName: new Map(fleet.map((n) => [n.name, n])),
    byId: new Map(fleet.map((n) => [n.id, n])),
  };
}

/**
 * The fleet exposition, built once per poll interval (the figures only change when polls land).
 * After an interval the next scrape starts a rebuild but is answered from the previous build, so
 * no scrape waits for the database except the very first one after a start.
 */
export function cachedFleetMetrics(services: MetricsServices): Promise<Built> {
  const state = stateOf(services);
  const now = services.clock().getTime();
  if (!state.fleet) {
    const value = buildFleet(services, state);
    state.fleet = { at: now, value };
    value.catch(() => (state.fleet = undefined));
    return value;
  }
  if (now - state.fleet.at >= (services.pollIntervalMs ?? 15_000) && !state.refreshing) {
    const next = buildFleet(services, state);
    state.refreshing = next;
    next.then(
      (built) => {
        state.fleet = { at: now, value: next };
        state.refreshing = undefined;
        void renderWatchedAhead(services, state, built, now);
      },
      () => (state.refreshing = undefined), // keep serving the last good build; the next scrape retries
    );
  }
  return state.fleet.value;
}

/**
 * The per-node bodies Prometheus will ask for next, rendered right after a rebuild (one at a time,
 * in the background), so its per-node scrapes are answered from memory too.
 */
async function renderWatchedAhead(services: MetricsServices, state: State, built: Built, now: number): Promise<void> {
  let budget = DETAILS_KEPT; // more watched nodes than kept bodies would only evict each other
  for (const [id, at] of state.watched) {
    if (budget-- <= 0) break;
    if (now - at > WATCH_MS) {
      state.watched.delete(id);
      continue;
    }
    const node = built.byId.get(id);
    if (node) await cachedNodeDetail(services, node).catch(() => undefined);
  }
}

/** One node's per-CT series, rendered once per snapshot of that node. */
function cachedNodeDetail(services: MetricsServices, node: FleetMetricsNode): Promise<Body> {
  const state = stateOf(services);
  const key = `${node.id}:${node.snapshot?.id ?? 'none'}`;
  const hit = state.details.get(key);
  if (hit) {
    state.details.delete(key);
    state.details.set(key, hit);
    return hit;
  }
  const value = findNodeDetail(services.db, node).then((d) => bodyOf(renderNodeDetail(d)));
  state.details.set(key, value);
  value.catch(() => state.details.delete(key));
  while (state.details.size > DETAILS_KEPT) state.details.delete(state.details.keys().next().value!);
  return value;
}

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers } });

/**
 * GET /api/metrics: 401 without a valid bearer token unless an admin opened it. Without parameters
 * the node- and fleet-level series; with `?node=<name or id>` that node's per-CT series.
 */
export async function handleMetricsRequest(services: Services, req: Request, envToken = services.metricsToken): Promise<Response> {
  const access = await cachedMetricsAccess(services.db, services.clock().getTime());
  if (!isAuthorizedScrape(req.headers.get('authorization'), access, envToken)) {
    return text(401, 'unauthorized: send Authorization: Bearer <token> (see the admin page)\n', { 'www-authenticate': 'Bearer realm="vzfleet metrics"' });
  }
  const query = metricsQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) return text(400, `bad request: ${query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`);
  const fleet = await cachedFleetMetrics(services);
  let body = fleet.body;
  if (query.data.node !== undefined) {
    const wanted = query.data.node;
    const node = fleet.byName.get(wanted) ?? (/^[0-9]{1,9}$/.test(wanted) ? fleet.byId.get(Number(wanted)) : undefined);
    if (!node) return text(404, 'no such node (a node added in the last poll interval appears at the next one)\n');
    stateOf(services).watched.set(node.id, services.clock().getTime());
    body = await cachedNodeDetail(services, node);
  }
  return new Response(new Uint8Array(body.raw), { headers: { 'content-type': EXPOSITION_CONTENT_TYPE, 'cache-control': 'no-store' } });
}
