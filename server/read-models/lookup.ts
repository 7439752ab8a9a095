import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { computeContainerVerdict, formatVerdictText, type ContainerVerdict, type VerdictBeancounter, type VerdictFailcntEvent } from '../openvz/verdict/container-verdict';
import { withOpenAlarms, type VerdictAlarm } from '../openvz/verdict/alarm-note';
import { listFleetOverview, nodeFiguresOf, type FleetReadOptions } from './fleet-overview';
import { findLatestSnapshots, findSnapshotContents } from './latest-snapshots';
import { intArrayLiteral, msOrNull, selectRows, textArrayLiteral } from '../../db/sql-rows';

/**
 * The support desk's lookup: one box for a CT id, a hostname or an IP, matched partially across
 * the whole fleet, each hit with its plain-language verdict.
 */

export const LOOKUP_LIMIT = 20;

/** `%`, `_` and `\` match themselves in the LIKE pattern, not as wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

interface Hit {
  node_id: number;
  node_name: string;
  ct_id: string;
  hostname: string | null;
  name: string | null;
  description: string | null;
  ips: string[] | string;
  status: string;
  present: boolean;
  last_seen_ms: number | string | null;
}

/** Postgres text[] from a raw query: node-postgres gives an array, some paths give `{a,b}` text. */
function ipsOf(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  if (v.length <= 2) return [];
  return v.slice(1, -1).split(',').map((s) => s.replace(/^"|"$/g, ''));
}

/** Which columns a query can match: an IP fragment never matches a hostname search worth doing, etc. */
export function lookupFields(q: string): { ctId: boolean; hostname: boolean; ips: boolean } {
  if (/^\d+$/.test(q)) return { ctId: true, hostname: true, ips: true };
  if (/^[\d.]+$/.test(q) || q.includes(':')) return { ctId: false, hostname: false, ips: true };
  const hex = /^[0-9a-f-]+$/i.test(q);
  return { ctId: hex, hostname: true, ips: false };
}

/**
 * The lookup's one query. Each branch of the OR matches a trigram GIN index (migration
 * 0006_lookup_trgm, 0013_lookup_name_trgm), so Postgres combines them with a BitmapOr instead
 * of scanning every container; IPs are matched through containers_ips_text(), hostname and name
 * through containers_lookup_text(), the indexed expressions.
 */
export function lookupHitsQuery(query: string, limit = LOOKUP_LIMIT): SQL | null {
  const q = query.trim();
  if (!q) return null;
  // A newline joins hostname and name in the indexed text: a query holding one could match across.
  const contains = `%${escapeLike(q.replace(/[\r\n]+/g, ' '))}%`;
  const prefix = `${escapeLike(q)}%`;
  const f = lookupFields(q);
  const where = [
    f.ctId ? sql`c.ct_id like ${prefix}` : null,
    // A CT's name is looked up wherever its hostname is, through one index over both (0013).
    f.hostname ? sql`containers_lookup_text(c.hostname, c.name) ilike ${contains}` : null,
    f.ips ? sql`containers_ips_text(c.ips) ilike ${contains}` : null,
  ].filter((w) => w !== null);
  return sql`select c.node_id, n.name as node_name, c.ct_id, c.hostname, c.name, c.description, c.ips, c.status, c.present,
          extract(epoch from c.last_seen_at) * 1000 as last_seen_ms
        from containers c join nodes n on n.id = c.node_id
        where ${sql.join(where, sql` or `)}
        order by (c.ct_id = ${q} or lower(c.hostname) = lower(${q}) or lower(c.name) = lower(${q}) or ${q} = any(c.ips)) desc,
          c.present desc, n.name, length(c.ct_id), c.ct_id
        limit ${limit + 1}`;
}

export async function findLookupHits(db: Db, query: string, limit = LOOKUP_LIMIT): Promise<{ hits: Hit[]; more: boolean }> {
  const statement = lookupHitsQuery(query, limit);
  if (!statement) return { hits: [], more: false };
  const rows = await selectRows<Hit>(db, statement);
  return { hits: rows.slice(0, limit), more: rows.length > limit };
}

export interface LookupResult {
  nodeId: number;
  nodeName: string;
  ctId: string;
  hostname: string | null;
  name: string | null;
  description: string | null;
  ips: string[];
  status: string;
  present: boolean;
  verdict: ContainerVerdict;
  /** The verdict with its evidence as plain text, for the ticket. */
  ticketText: string;
}

export async function lookupContainers(db: Db, query: string, now: Date, opts: FleetReadOptions = {}): Promise<{ query: string; results: LookupResult[]; more: boolean }> {
  const { hits, more } = await findLookupHits(db, query);
  if (hits.length === 0) return { query, results: [], more };
  const nodeIds = [...new Set(hits.map((h) => h.node_id))];
  const ctIds = [...new Set(hits.map((h) => h.ct_id))];
  const [overview, latest] = await Promise.all([listFleetOverview(db, now, { ...opts, nodeIds }), findLatestSnapshots(db, nodeIds)]);
  const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
  const [contents, evRows, alarmRows] = await Promise.all([
    findSnapshotContents(db, [...latest.values()].map((s) => s.snapshotId), ctIds),
    selectRows<{ node_id: number; ct_id: string; resource: string; delta: number | string; at_ms: number | string }>(
      db,
      sql`select node_id, ct_id, resource, delta, extract(epoch from at) * 1000 as at_ms from failcnt_events
          where at >= ${hourAgo}::timestamptz and at <= ${now.toISOString()}::timestamptz
            and node_id = any(${intArrayLiteral(nodeIds)}::int[]) and ct_id = any(${textArrayLiteral(ctIds)}::text[])`,
    ),
    // Open incidents of these CTs and of their nodes (muted = node in maintenance: planned, not news).
    selectRows<{ node_id: number; ct_id: string | null; scope: 'node' | 'ct'; severity: VerdictAlarm['severity']; title: string; opened_ms: number | string; acked: boolean }>(
      db,
      sql`select node_id, ct_id, scope, severity, title, extract(epoch from opened_at) * 1000 as opened_ms, acknowledged_at is not null as acked
          from alarm_incidents
          where resolved_at is null and not muted and node_id = any(${intArrayLiteral(nodeIds)}::int[])
            and (scope = 'node' or ct_id = any(${textArrayLiteral(ctIds)}::text[]))
          order by opened_at limit 500`,
    ),
  ]);
  const alarmsOf = (nodeId: number, ctId: string): VerdictAlarm[] =>
    alarmRows
      .filter((a) => a.node_id === nodeId && (a.scope === 'node' || a.ct_id === ctId))
      .map((a) => ({ scope: a.scope, severity: a.severity, title: a.title, openedAt: new Date(Number(a.opened_ms)), acknowledged: Boolean(a.acked) }));
  const bcsOf = new Map<string, VerdictBeancounter[]>();
  for (const c of contents.values()) {
    for (const b of c.blocks) bcsOf.set(`${c.snapshotId}/${b.ctId}`, b.beancounters.map((r) => ({ resource: r.resource, held: r.held, barrier: r.barrier, limit: r.limit })));
  }
  const eventsOf = new Map<string, VerdictFailcntEvent[]>();
  for (const r of evRows) {
    const key = `${r.node_id}/${r.ct_id}`;
    const list = eventsOf.get(key) ?? [];
    list.push({ resource: r.resource, delta: Number(r.delta), at: new Date(Number(r.at_ms)) });
    eventsOf.set(key, list);
  }
  const nodeRow = new Map(overview.nodes.map((n) => [n.id, n]));
  const results = hits.map((h): LookupResult => {
    const n = nodeRow.get(h.node_id)!;
    const snap = latest.get(h.node_id);
    const ownVerdict = computeContainerVerdict({
      ct: { ctId: h.ct_id, status: h.status, present: h.present, lastSeenAt: h.last_seen_ms === null ? null : new Date(msOrNull(h.last_seen_ms)!) },
      beancounters: snap ? (bcsOf.get(`${snap.snapshotId}/${h.ct_id}`) ?? []) : [],
      events: eventsOf.get(`${h.node_id}/${h.ct_id}`) ?? [],
      node: {
        name: n.name,
        health: n.health,
        healthSince: n.healthSinceMs === null ? null : new Date(n.healthSinceMs),
        lastErrorText: n.lastErrorText,
        collectedAt: n.collectedAtMs === null ? null : new Date(n.collectedAtMs),
        pollIntervalMs: n.pollIntervalMs,
        figures: nodeFiguresOf(n.memory, n.cpu, n.disk),
      },
      nodeFailures: n.failures,
      now,
    });
    const verdict = withOpenAlarms(ownVerdict, alarmsOf(h.node_id, h.ct_id), h.node_name, now);
    return {
      nodeId: h.node_id,
      nodeName: h.node_name,
      ctId: h.ct_id,
      hostname: h.hostname,
      name: h.name,
      description: h.description,
      ips: ipsOf(h.ips),
      status: h.status,
      present: h.present,
      verdict,
      ticketText: formatVerdictText(verdict, { ctId: h.ct_id, hostname: h.hostname, nodeName: h.node_name }, now),
    };
  });
  return { query, results, more };
}
