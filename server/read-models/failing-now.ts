import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { resourceLabel } from '../openvz/formulas/ubc-status';
import { msOrNull, selectRows } from '../../db/sql-rows';

/** One container × resource whose failcnt rose in the window: how often, by how much, and where it stands. */
export interface FailingEntry {
  nodeId: number;
  nodeName: string;
  ctId: string;
  hostname: string | null;
  resource: string;
  /** Plain name for people who do not speak beancounter ("processes"). */
  label: string;
  /** Polls in the window that saw the counter rise. */
  events: number;
  /** Σ delta: allocations refused in the window. */
  refusals: number;
  /** The newest jump alone. */
  lastDelta: number;
  lastAtMs: number;
  firstAtMs: number;
  held: number;
  barrier: number | null;
  limit: number | null;
}

interface Row {
  node_id: number;
  node_name: string;
  ct_id: string;
  hostname: string | null;
  resource: string;
  events: number;
  refusals: number | string;
  last_delta: number | string;
  last_ms: number | string;
  first_ms: number | string;
  held: number | string;
  barrier: number | string | null;
  lim: number | string | null;
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

/** "Who is failing now": newest first, grouped per container and resource; `limit` caps the list. */
export async function listFailingNow(db: Db, now: Date, windowMs: number, limit: number): Promise<FailingEntry[]> {
  const since = new Date(now.getTime() - windowMs).toISOString();
  const rows = await selectRows<Row>(
    db,
    sql`with g as (
          select node_id, ct_id, resource, count(*)::int as events, sum(delta)::float8 as refusals, max(at) as last_at, min(at) as first_at
          from failcnt_events where at >= ${since}::timestamptz and at <= ${now.toISOString()}::timestamptz
          group by node_id, ct_id, resource
          order by max(at) desc, sum(delta) desc
          limit ${limit}
        )
        select g.node_id, n.name as node_name, g.ct_id, c.hostname, g.resource, g.events, g.refusals,
          extract(epoch from g.last_at) * 1000 as last_ms, extract(epoch from g.first_at) * 1000 as first_ms,
          e.delta as last_delta, e.held, e.barrier, e."limit" as lim
        from g
        join nodes n on n.id = g.node_id
        join failcnt_events e on e.node_id = g.node_id and e.ct_id = g.ct_id and e.resource = g.resource and e.at = g.last_at
        left join containers c on c.node_id = g.node_id and c.ct_id = g.ct_id
        order by g.last_at desc, g.refusals desc, n.name, g.ct_id, g.resource`,
  );
  return rows.map((r) => ({
    nodeId: r.node_id,
    nodeName: r.node_name,
    ctId: r.ct_id,
    hostname: r.hostname,
    resource: r.resource,
    label: resourceLabel(r.resource),
    events: Number(r.events),
    refusals: Number(r.refusals),
    lastDelta: Number(r.last_delta),
    lastAtMs: msOrNull(r.last_ms)!,
    firstAtMs: msOrNull(r.first_ms)!,
    held: Number(r.held),
    barrier: num(r.barrier),
    limit: num(r.lim),
  }));
}

/** One container's failcnt increases, newest first: its event timeline. */
export async function listContainerEvents(db: Db, nodeId: number, ctId: string, since: Date, limit: number) {
  const rows = await selectRows<{ id: number | string; resource: string; at_ms: number | string; delta: number | string; failcnt: number | string; held: number | string; barrier: number | string | null; lim: number | string | null; after_reset: boolean }>(
    db,
    sql`select id, resource, extract(epoch from at) * 1000 as at_ms, delta, failcnt, held, barrier, "limit" as lim, after_reset
        from failcnt_events where node_id = ${nodeId} and ct_id = ${ctId} and at >= ${since.toISOString()}::timestamptz
        order by at desc, resource limit ${limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    resource: r.resource,
    label: resourceLabel(r.resource),
    atMs: Number(r.at_ms),
    delta: Number(r.delta),
    failcnt: Number(r.failcnt),
    held: Number(r.held),
    barrier: num(r.barrier),
    limit: num(r.lim),
    afterReset: Boolean(r.after_reset),
  }));
}
export type ContainerEvent = Awaited<ReturnType<typeof listContainerEvents>>[number];
