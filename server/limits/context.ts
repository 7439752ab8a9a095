import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { containers, nodes } from '../../db/schema';
import { selectRows } from '../../db/sql-rows';
import { ctSeriesKey } from '../../vocabulary/series-key';
import { NotFoundError } from '../errors/general-errors';
import { querySeries } from '../history/query';
import { DEFAULT_HISTORY_TIERS, type HistoryTier } from '../history/tiers';
import type { Beancounter, BeancounterBlock } from '../openvz/beancounters';
import { isUbcParam, type CtLimits, type NodeFacts, type UbcParam } from '../openvz/limits/params';
import type { RecentUse } from '../openvz/limits/suggest';
import type { CtCpuSettings } from '../openvz/formulas/cpu-guarantee';
import type { NodeMemoryInput } from '../openvz/formulas/memory-commitment';
import { findLatestSnapshots, findSnapshotContents } from '../read-models/latest-snapshots';

/**
 * Everything the what-if and the suggestion need about one CT, read from the latest snapshot and
 * the recent history: its settings, the node's beancounters, running set, memory and CPU power,
 * and its recent peaks and refusals per beancounter.
 */

/** How far back "recent" reaches: a day covers the daily peak. */
export const RECENT_WINDOW_MS = 24 * 3600_000;

export interface LimitContext {
  node: { id: number; name: string };
  ctId: string;
  status: string;
  facts: NodeFacts;
  current: CtLimits;
  rows: Beancounter[];
  blocks: BeancounterBlock[];
  runningCtIds: Set<string>;
  memory: NodeMemoryInput | null;
  cpu: { nodePower: number; running: CtCpuSettings[] } | null;
  recent: Record<string, RecentUse>;
  collectedAt: Date | null;
}

const UUID = /^[0-9a-f]{8}-/;

async function recentUse(db: Db, nodeId: number, ctId: string, rows: readonly Beancounter[], now: Date, tiers: readonly HistoryTier[]): Promise<Record<string, RecentUse>> {
  const since = new Date(now.getTime() - RECENT_WINDOW_MS);
  const out: Record<string, RecentUse> = {};
  for (const r of rows) out[r.resource] = { maxheld: null, refusals: 0 };
  if (rows.length > 0) {
    const series = await querySeries(db, { nodeId, keys: rows.map((r) => ctSeriesKey(ctId, r.resource)), from: since, to: now, now, maxPoints: 48 }, tiers);
    for (const s of series) {
      const resource = s.key.slice(s.key.lastIndexOf('/') + 1);
      const peaks = s.points.map((p) => p.max).filter((v): v is number => v !== null);
      if (out[resource] && peaks.length > 0) out[resource].maxheld = Math.max(...peaks);
    }
  }
  const refusals = await selectRows<{ resource: string; refusals: number | string }>(
    db,
    sql`select resource, sum(delta)::float8 as refusals from failcnt_events
        where node_id = ${nodeId} and ct_id = ${ctId} and at >= ${since.toISOString()}::timestamptz and at <= ${now.toISOString()}::timestamptz group by resource`,
  );
  for (const r of refusals) (out[r.resource] ??= { maxheld: null, refusals: 0 }).refusals = Number(r.refusals);
  return out;
}

export async function gatherLimitContext(db: Db, nodeId: number, ctId: string, now: Date, tiers: readonly HistoryTier[] = DEFAULT_HISTORY_TIERS): Promise<LimitContext> {
  const [node] = await db.select({ id: nodes.id, name: nodes.name }).from(nodes).where(eq(nodes.id, nodeId));
  if (!node) throw new NotFoundError(`node ${nodeId}`);
  const cts = await db.select().from(containers).where(and(eq(containers.nodeId, nodeId), eq(containers.present, true)));
  const ct = cts.find((c) => c.ctId === ctId);
  if (!ct) throw new NotFoundError(`CT ${ctId} on node ${nodeId}`);
  const snap = (await findLatestSnapshots(db, [nodeId])).get(nodeId) ?? null;
  const contents = snap ? (await findSnapshotContents(db, [snap.snapshotId])).get(snap.snapshotId) : undefined;
  const blocks = contents?.blocks ?? [];
  const rows = blocks.find((b) => b.ctId === ctId)?.beancounters ?? [];
  const quota = contents?.quotas.find((q) => q.ctId === ctId) ?? null;
  const ubc: CtLimits['ubc'] = {};
  for (const r of rows) if (isUbcParam(r.resource)) ubc[r.resource as UbcParam] = { barrier: r.barrier, limit: r.limit };
  const physpages = rows.find((r) => r.resource === 'physpages');
  const running = cts.filter((c) => c.status === 'running');
  const runningCtIds = new Set(running.map((c) => c.ctId));
  // vzcpucheck's total includes CT0; the snapshot keeps the total, so CT0 is what the CTs leave of it.
  const units = running.map((c) => ({ ctId: c.ctId, cpuunits: c.cpuunits ?? 0 }));
  const ctSum = units.reduce((s, c) => s + c.cpuunits, 0);
  const cpu = snap?.cpu ? { nodePower: snap.cpu.nodePower, running: [{ ctId: '0', cpuunits: Math.max(0, snap.cpu.currentUtilization - ctSum) }, ...units] } : null;
  return {
    node,
    ctId,
    status: ct.status,
    facts: { generation: UUID.test(ctId) ? 'vz7' : 'legacy', cpus: null, vswap: physpages !== undefined && physpages.limit !== null },
    current: {
      ubc,
      cpuunits: ct.cpuunits,
      cpulimit: ct.cpulimit,
      cpus: null,
      ioprio: null,
      diskspace: quota && quota.blocksSoft !== null && quota.blocksHard !== null ? { soft: quota.blocksSoft, hard: quota.blocksHard } : null,
      diskinodes: quota && quota.inodesSoft !== null && quota.inodesHard !== null ? { soft: quota.inodesSoft, hard: quota.inodesHard } : null,
    },
    rows,
    blocks,
    runningCtIds,
    memory: snap?.memTotalKb ? { memTotalKb: snap.memTotalKb, swapTotalKb: snap.swapTotalKb, lowTotalKb: snap.lowTotalKb } : null,
    cpu,
    recent: await recentUse(db, nodeId, ctId, rows, now, tiers),
    collectedAt: snap ? new Date(snap.collectedAtMs) : null,
  };
}
