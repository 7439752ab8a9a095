import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { beancounterSamples, containers, cpuFigures, nodePollState, nodes, snapshots } from '../../db/schema';
import type { BeancounterBlock } from '../openvz/beancounters';

export interface LatestNodeData {
  node: { id: number; name: string };
  poll: typeof nodePollState.$inferSelect | null;
  snapshot: { id: number; collectedAt: Date; memTotalKb: number | null; swapTotalKb: number | null; lowTotalKb: number | null } | null;
  cpu: { currentUtilization: number; nodePower: number } | null;
  blocks: BeancounterBlock[];
  runningCtIds: Set<string>;
}

/** The newest snapshot of every node with its beancounters, in three queries for the whole fleet. */
export async function findLatestFleetData(db: Db): Promise<LatestNodeData[]> {
  const rows = await db.select({ node: nodes, poll: nodePollState }).from(nodes).leftJoin(nodePollState, eq(nodePollState.nodeId, nodes.id));
  const latest = await db
    .select({ id: sql<number>`max(${snapshots.id})`.mapWith(Number) })
    .from(snapshots)
    .groupBy(snapshots.nodeId);
  const ids = latest.map((l) => l.id);
  const snaps = ids.length ? await db.select().from(snapshots).where(inArray(snapshots.id, ids)) : [];
  const cpus = ids.length ? await db.select().from(cpuFigures).where(inArray(cpuFigures.snapshotId, ids)) : [];
  const bcs = ids.length ? await db.select().from(beancounterSamples).where(inArray(beancounterSamples.snapshotId, ids)) : [];
  const running = await db
    .select({ nodeId: containers.nodeId, ctId: containers.ctId })
    .from(containers)
    .where(sql`${containers.present} and ${containers.status} = 'running'`);

  const snapByNode = new Map(snaps.map((s) => [s.nodeId, s]));
  const cpuBySnap = new Map(cpus.map((c) => [c.snapshotId, c]));
  const blocksBySnap = new Map<number, Map<string, BeancounterBlock>>();
  for (const b of bcs) {
    const bySnap = blocksBySnap.get(b.snapshotId) ?? new Map<string, BeancounterBlock>();
    blocksBySnap.set(b.snapshotId, bySnap);
    const block = bySnap.get(b.ctId) ?? { ctId: b.ctId, beancounters: [] };
    bySnap.set(b.ctId, block);
    block.beancounters.push({ resource: b.resource, held: b.held, maxheld: b.maxheld, barrier: b.barrier, limit: b.limit, failcnt: b.failcnt });
  }
  return rows.map(({ node, poll }) => {
    const snap = snapByNode.get(node.id) ?? null;
    const cpu = snap ? cpuBySnap.get(snap.id) : undefined;
    return {
      node: { id: node.id, name: node.name },
      poll,
      snapshot: snap
        ? { id: snap.id, collectedAt: snap.collectedAt, memTotalKb: snap.memTotalKb, swapTotalKb: snap.swapTotalKb, lowTotalKb: snap.lowTotalKb }
        : null,
      cpu: cpu ? { currentUtilization: cpu.currentUtilization, nodePower: cpu.nodePower } : null,
      blocks: snap ? [...(blocksBySnap.get(snap.id)?.values() ?? [])] : [],
      runningCtIds: new Set(running.filter((r) => r.nodeId === node.id).map((r) => r.ctId)),
    };
  });
}
