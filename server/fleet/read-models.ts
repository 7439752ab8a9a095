import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { beancounterSamples, containers, cpuFigures, diskQuotas, nodePollState, nodes, snapshots } from '../../db/schema';
import { NotFoundError } from '../inventory/errors';
import { publicNode } from '../inventory/nodes';
import { findContainerExtras } from './container-extras';
import { FALLBACK_POLL_INTERVAL_MS, listFleetOverview, type FleetReadOptions } from './fleet-overview';
import { isNodeDataStale } from '../openvz/verdict/node-status';
import { computeStaleAfterMs, effectivePollIntervalMs } from '../openvz/verdict/staleness';
import { DEFAULT_VERDICT_THRESHOLDS } from '../openvz/verdict/thresholds';
import type { BeancounterBlock } from '../openvz/beancounters';
import { computeContainerMemory, computeNodeMemoryTotals, type NodeMemoryTotals } from '../openvz/formulas/memory-commitment';

/** The newest snapshot of each node (snapshot ids grow with time). */
async function latestSnapshots(db: Db, nodeIds?: number[]) {
  const rows = await db
    .select({
      nodeId: snapshots.nodeId,
      id: sql<number>`max(${snapshots.id})`.mapWith(Number),
    })
    .from(snapshots)
    .where(nodeIds ? inArray(snapshots.nodeId, nodeIds) : undefined)
    .groupBy(snapshots.nodeId);
  return new Map(rows.map((r) => [r.nodeId, r.id]));
}

export async function findSnapshot(db: Db, snapshotId: number) {
  const [snap] = await db.select().from(snapshots).where(eq(snapshots.id, snapshotId));
  const [cpu] = await db.select().from(cpuFigures).where(eq(cpuFigures.snapshotId, snapshotId));
  return snap ? { ...snap, cpu: cpu ?? null } : null;
}

export async function listNodeSummaries(db: Db) {
  const rows = await db
    .select({ node: nodes, poll: nodePollState })
    .from(nodes)
    .leftJoin(nodePollState, eq(nodePollState.nodeId, nodes.id))
    .orderBy(asc(nodes.name));
  const latest = await latestSnapshots(db);
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
  const snapIds = [...latest.values()];
  const cpuRows = snapIds.length ? await db.select().from(cpuFigures).where(inArray(cpuFigures.snapshotId, snapIds)) : [];
  const cpuBy = new Map(cpuRows.map((c) => [c.snapshotId, c]));
  return rows.map(({ node, poll }) => {
    const snapId = latest.get(node.id);
    const cpu = snapId !== undefined ? cpuBy.get(snapId) : undefined;
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
  const snapId = (await latestSnapshots(db, [nodeId])).get(nodeId);
  const snap = snapId !== undefined ? await findSnapshot(db, snapId) : null;
  const summary = (await listFleetOverview(db, now, { ...opts, nodeIds: [nodeId] })).nodes[0] ?? null;
  return {
    node: publicNode(row.node),
    poll: row.poll ?? null,
    /** The overview's verdict on the node: level, why, failures of the last hour. */
    status: summary ? { ...summary.status, pollIntervalMs: summary.pollIntervalMs, failures: summary.failures, memory: summary.memory, disk: summary.disk } : null,
    snapshot: snap
      ? {
          id: snap.id,
          collectedAt: snap.collectedAt,
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
  const snapId = (await latestSnapshots(db, [nodeId])).get(nodeId);
  const snap = snapId ? await findSnapshot(db, snapId) : null;
  const bc = snapId
    ? await db
        .select({
          ctId: beancounterSamples.ctId,
          resource: beancounterSamples.resource,
          held: beancounterSamples.held,
          maxheld: beancounterSamples.maxheld,
          barrier: beancounterSamples.barrier,
          limit: beancounterSamples.limit,
          failcnt: beancounterSamples.failcnt,
        })
        .from(beancounterSamples)
        .where(eq(beancounterSamples.snapshotId, snapId))
    : [];
  const totals = snap?.memTotalKb ? computeNodeMemoryTotals({ memTotalKb: snap.memTotalKb, swapTotalKb: snap.swapTotalKb, lowTotalKb: snap.lowTotalKb }) : null;
  const byCt = new Map<string, typeof bc>();
  for (const r of bc) {
    const list = byCt.get(r.ctId) ?? [];
    list.push(r);
    byCt.set(r.ctId, list);
  }
  return cts.map((ct) => {
    const rows = byCt.get(ct.ctId) ?? [];
    const pick = (res: TableResource) => {
      const r = rows.find((x) => x.resource === res);
      return r ? { held: r.held, barrier: r.barrier, limit: r.limit, failcnt: r.failcnt } : null;
    };
    return {
      ctId: ct.ctId,
      hostname: ct.hostname,
      status: ct.status,
      ips: ct.ips,
      osTemplate: ct.osTemplate,
      cpuunits: ct.cpuunits,
      cpulimit: ct.cpulimit,
      lastSeenAt: ct.lastSeenAt,
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
  const snapId = (await latestSnapshots(db, [nodeId])).get(nodeId);
  const beancounters = snapId
    ? await db
        .select({
          resource: beancounterSamples.resource,
          held: beancounterSamples.held,
          maxheld: beancounterSamples.maxheld,
          barrier: beancounterSamples.barrier,
          limit: beancounterSamples.limit,
          failcnt: beancounterSamples.failcnt,
        })
        .from(beancounterSamples)
        .where(and(eq(beancounterSamples.snapshotId, snapId), eq(beancounterSamples.ctId, ctId)))
    : [];
  const [quota] = snapId
    ? await db
        .select()
        .from(diskQuotas)
        .where(and(eq(diskQuotas.snapshotId, snapId), eq(diskQuotas.ctId, ctId)))
    : [];
  const snap = snapId ? await findSnapshot(db, snapId) : null;
  const [poll] = await db.select().from(nodePollState).where(eq(nodePollState.nodeId, nodeId));
  const extras = await findContainerExtras(db, { nodeId, ctId, cpuunits: ct.cpuunits, cpulimit: ct.cpulimit, snapshot: snap, beancounters, quota: quota ?? null }, now);
  const health = poll?.health ?? ('never-polled' as const);
  const pollIntervalMs = effectivePollIntervalMs(node!.pollIntervalS, opts.defaultPollIntervalMs ?? FALLBACK_POLL_INTERVAL_MS);
  return {
    node: { id: node!.id, name: node!.name, health, healthSince: poll?.healthSince ?? null },
    /** The figures below are an old picture: the node's last poll failed, or its data is a few polls old. */
    stale: isNodeDataStale({ health, collectedAt: snap?.collectedAt ?? null, pollIntervalMs }, now),
    poll: { intervalMs: pollIntervalMs, staleAfterMs: computeStaleAfterMs(pollIntervalMs, DEFAULT_VERDICT_THRESHOLDS) },
    ...extras,
    container: {
      ctId: ct.ctId,
      hostname: ct.hostname,
      status: ct.status,
      ips: ct.ips,
      osTemplate: ct.osTemplate,
      cpuunits: ct.cpuunits,
      cpulimit: ct.cpulimit,
      lastSeenAt: ct.lastSeenAt,
      present: ct.present,
    },
    collectedAt: snap?.collectedAt ?? null,
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

