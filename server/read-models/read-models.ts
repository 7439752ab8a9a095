import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { containers, nodePollState, nodes } from '../../db/schema';
import { findLatestSnapshots, findSnapshotContents, type LatestSnapshot } from './latest-snapshots';
import { NotFoundError } from '../errors/general-errors';
import { publicNode } from '../inventory/nodes';
import { findContainerExtras } from './container-extras';
import { DEFAULT_POLL_INTERVAL_MS } from '../../vocabulary/poll-interval';
import { listFleetOverview, type FleetReadOptions } from './fleet-overview';
import { isNodeDataStale } from '../openvz/verdict/node-status';
import { computeStaleAfterMs, effectivePollIntervalMs } from '../openvz/verdict/staleness';
import { DEFAULT_VERDICT_THRESHOLDS } from '../openvz/verdict/thresholds';
import type { BeancounterBlock } from '../openvz/beancounters';
import { computeContainerMemory, computeNodeMemoryTotals, type NodeMemoryTotals } from '../openvz/formulas/memory-commitment';

/** A present CT was seen by its node's latest snapshot; a vanished one when it was last listed. */
function seenAt(ct: { present: boolean; lastSeenAt: Date }, snap: LatestSnapshot | null): Date {
  return ct.present && snap && snap.collectedAtMs > ct.lastSeenAt.getTime() ? new Date(snap.collectedAtMs) : ct.lastSeenAt;
}

/** The newest snapshot of one node, without its beancounters; null when never polled. */
async function latestOf(db: Db, nodeId: number): Promise<LatestSnapshot | null> {
  return (await findLatestSnapshots(db, [nodeId])).get(nodeId) ?? null;
}

export async function listNodeSummaries(db: Db) {
  const rows = await db
    .select({ node: nodes, poll: nodePollState })
    .from(nodes)
    .leftJoin(nodePollState, eq(nodePollState.nodeId, nodes.id))
    .orderBy(asc(nodes.name));
  const latest = await findLatestSnapshots(db);
  const counts = await db
    .select({
      nodeId: containers.nodeId,
      total: sql<number>`count(*)`.mapWith(Number),
      running: sql<number>`count(*) filter (where ${containers.status} = 'running')`.mapWith(Number),
    })
    .from(containers)
    .where(eq(containers.present, true))
    .groupBy(containers.nodeId);
  const countBy = new Map(counts.map((c) => [c.nodeId, c]));
  return rows.map(({ node, poll }) => {
    const cpu = latest.get(node.id)?.cpu;
    return {
      ...publicNode(node),
      poll: poll ?? null,
      containersTotal: countBy.get(node.id)?.total ?? 0,
      containersRunning: countBy.get(node.id)?.running ?? 0,
      cpu: cpu ? { currentUtilization: cpu.currentUtilization, nodePower: cpu.nodePower, overcommitted: cpu.overcommitted } : null,
    };
  });
}
export type NodeSummary = Awaited<ReturnType<typeof listNodeSummaries>>[number];

export async function findNodeDetail(db: Db, nodeId: number, now: Date = new Date(), opts: FleetReadOptions = {}) {
  const [row] = await db
    .select({ node: nodes, poll: nodePollState })
    .from(nodes)
    .leftJoin(nodePollState, eq(nodePollState.nodeId, nodes.id))
    .where(eq(nodes.id, nodeId));
  if (!row) throw new NotFoundError(`node ${nodeId}`);
  const snap = await latestOf(db, nodeId);
  const summary = (await listFleetOverview(db, now, { ...opts, nodeIds: [nodeId] })).nodes[0] ?? null;
  return {
    node: publicNode(row.node),
    poll: row.poll ?? null,
    /** The overview's verdict on the node: level, why, failures of the last hour. */
    status: summary ? { ...summary.status, pollIntervalMs: summary.pollIntervalMs, failures: summary.failures, memory: summary.memory, disk: summary.disk } : null,
    snapshot: snap
      ? {
          id: snap.snapshotId,
          collectedAt: new Date(snap.collectedAtMs),
          memTotalKb: snap.memTotalKb,
          swapTotalKb: snap.swapTotalKb,
          warnings: snap.warnings,
          cpu: snap.cpu
            ? { currentUtilization: snap.cpu.currentUtilization, nodePower: snap.cpu.nodePower, overcommitted: snap.cpu.overcommitted }
            : null,
        }
      : null,
  };
}

type TableResource = 'numproc' | 'privvmpages';

/** Containers of a node with the figures the node page's table shows, from the latest snapshot. */
export async function listContainersOfNode(db: Db, nodeId: number) {
  const cts = await db
    .select()
    .from(containers)
    .where(and(eq(containers.nodeId, nodeId), eq(containers.present, true)))
    .orderBy(asc(sql`length(${containers.ctId})`), asc(containers.ctId));
  const snap = await latestOf(db, nodeId);
  const contents = snap ? (await findSnapshotContents(db, [snap.snapshotId])).get(snap.snapshotId) : undefined;
  const totals = snap?.memTotalKb ? computeNodeMemoryTotals({ memTotalKb: snap.memTotalKb, swapTotalKb: snap.swapTotalKb, lowTotalKb: snap.lowTotalKb }) : null;
  const byCt = new Map((contents?.blocks ?? []).map((b) => [b.ctId, b.beancounters]));
  return cts.map((ct) => {
    const rows = byCt.get(ct.ctId) ?? [];
    const pick = (res: TableResource) => {
      const r = rows.find((x) => x.resource === res);
      return r ? { held: r.held, barrier: r.barrier, limit: r.limit, failcnt: r.failcnt } : null;
    };
    return {
      ctId: ct.ctId,
      hostname: ct.hostname,
      name: ct.name,
      fieldsUnreadable: ct.fieldsUnreadable,
      status: ct.status,
      ips: ct.ips,
      osTemplate: ct.osTemplate,
      cpuunits: ct.cpuunits,
      cpulimit: ct.cpulimit,
      lastSeenAt: seenAt(ct, snap),
      numproc: pick('numproc'),
      privvmpages: pick('privvmpages'),
      failcntTotal: rows.reduce((sum, r) => sum + r.failcnt, 0),
      /** vzmemcheck "Alloc commit" of this CT as a fraction of the node's RAM + swap; null = unlimited or unknown. */
      allocCommit: ct.status === 'running' ? allocCommitOf(rows, totals) : null,
    };
  });
}
function allocCommitOf(rows: BeancounterBlock['beancounters'], totals: NodeMemoryTotals | null): number | null {
  if (!totals || rows.length === 0) return null;
  const m = computeContainerMemory(rows, totals);
  return m.missing.length > 0 ? null : m.allocCommit;
}

export type ContainerRow = Awaited<ReturnType<typeof listContainersOfNode>>[number];

export async function findContainerDetail(db: Db, nodeId: number, ctId: string, now: Date = new Date(), opts: FleetReadOptions = {}) {
  const [ct] = await db
    .select()
    .from(containers)
    .where(and(eq(containers.nodeId, nodeId), eq(containers.ctId, ctId)));
  if (!ct) throw new NotFoundError(`CT ${ctId} on node ${nodeId}`);
  const [node] = await db.select({ id: nodes.id, name: nodes.name, pollIntervalS: nodes.pollIntervalS }).from(nodes).where(eq(nodes.id, nodeId));
  const snap = await latestOf(db, nodeId);
  const contents = snap ? (await findSnapshotContents(db, [snap.snapshotId], [ctId])).get(snap.snapshotId) : undefined;
  const beancounters = contents?.blocks.find((b) => b.ctId === ctId)?.beancounters ?? [];
  const quota = contents?.quotas.find((q) => q.ctId === ctId);
  const [poll] = await db.select().from(nodePollState).where(eq(nodePollState.nodeId, nodeId));
  const extras = await findContainerExtras(db, { nodeId, ctId, cpuunits: ct.cpuunits, cpulimit: ct.cpulimit, snapshot: snap, beancounters, quota: quota ?? null }, now);
  const health = poll?.health ?? ('never-polled' as const);
  const pollIntervalMs = effectivePollIntervalMs(node!.pollIntervalS, opts.defaultPollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
  return {
    node: { id: node!.id, name: node!.name, health, healthSince: poll?.healthSince ?? null },
    /** The figures below are an old picture: the node's last poll failed, or its data is a few polls old. */
    stale: isNodeDataStale({ health, collectedAt: snap ? new Date(snap.collectedAtMs) : null, pollIntervalMs }, now),
    poll: { intervalMs: pollIntervalMs, staleAfterMs: computeStaleAfterMs(pollIntervalMs, DEFAULT_VERDICT_THRESHOLDS) },
    ...extras,
    container: {
      ctId: ct.ctId,
      hostname: ct.hostname,
      name: ct.name,
      description: ct.description,
      fieldsRaw: ct.fieldsRaw,
      fieldsUnreadable: ct.fieldsUnreadable,
      status: ct.status,
      ips: ct.ips,
      osTemplate: ct.osTemplate,
      cpuunits: ct.cpuunits,
      cpulimit: ct.cpulimit,
      lastSeenAt: seenAt(ct, snap),
      present: ct.present,
    },
    collectedAt: snap ? new Date(snap.collectedAtMs) : null,
    beancounters: orderBeancounters(beancounters),
    quota: quota
      ? {
          blocksUsage: quota.blocksUsage,
          blocksSoft: quota.blocksSoft,
          blocksHard: quota.blocksHard,
          inodesUsage: quota.inodesUsage,
          inodesSoft: quota.inodesSoft,
          inodesHard: quota.inodesHard,
        }
      : null,
  };
}

/** The kernel's own order, as `cat /proc/user_beancounters` shows it. */
const KERNEL_ORDER = [
  'kmemsize', 'lockedpages', 'privvmpages', 'shmpages', 'numproc', 'physpages', 'vmguarpages', 'oomguarpages',
  'numtcpsock', 'numflock', 'numpty', 'numsiginfo', 'tcpsndbuf', 'tcprcvbuf', 'othersockbuf', 'dgramrcvbuf',
  'numothersock', 'dcachesize', 'numfile', 'numiptent', 'swappages',
];

function orderBeancounters<T extends { resource: string }>(rows: T[]): T[] {
  const rank = (r: string) => {
    const i = KERNEL_ORDER.indexOf(r);
    return i === -1 ? KERNEL_ORDER.length : i;
  };
  return [...rows].sort((a, b) => rank(a.resource) - rank(b.resource) || a.resource.localeCompare(b.resource));
}

