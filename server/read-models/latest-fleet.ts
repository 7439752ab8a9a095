import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { containers, nodePollState, nodes } from '../../db/schema';
import type { CtQuota } from '../collector/packed-snapshot';
import type { BeancounterBlock } from '../openvz/beancounters';
import { findLatestSnapshots, findSnapshotContents } from './latest-snapshots';

export interface LatestNodeData {
  /** pollIntervalS: the node's own interval, null = the fleet default (absent where not needed). */
  node: { id: number; name: string; pollIntervalS?: number | null };
  poll: typeof nodePollState.$inferSelect | null;
  snapshot: { id: number; collectedAt: Date; memTotalKb: number | null; swapTotalKb: number | null; lowTotalKb: number | null } | null;
  cpu: { currentUtilization: number; nodePower: number } | null;
  blocks: BeancounterBlock[];
  /** First-level disk quotas of the newest snapshot (absent in callers that do not need them). */
  quotas?: CtQuota[];
  runningCtIds: Set<string>;
}

/** The newest snapshot of every node with its beancounters, in four queries for the whole fleet. */
export async function findLatestFleetData(db: Db): Promise<LatestNodeData[]> {
  const rows = await db.select({ node: nodes, poll: nodePollState }).from(nodes).leftJoin(nodePollState, eq(nodePollState.nodeId, nodes.id));
  const latest = await findLatestSnapshots(db);
  const contents = await findSnapshotContents(db, [...latest.values()].map((s) => s.snapshotId));
  const running = await db
    .select({ nodeId: containers.nodeId, ctId: containers.ctId })
    .from(containers)
    .where(sql`${containers.present} and ${containers.status} = 'running'`);

  const runningOf = new Map<number, Set<string>>();
  for (const r of running) (runningOf.get(r.nodeId) ?? runningOf.set(r.nodeId, new Set()).get(r.nodeId)!).add(r.ctId);

  return rows.map(({ node, poll }) => {
    const snap = latest.get(node.id) ?? null;
    return {
      node: { id: node.id, name: node.name, pollIntervalS: node.pollIntervalS },
      poll,
      snapshot: snap
        ? { id: snap.snapshotId, collectedAt: new Date(snap.collectedAtMs), memTotalKb: snap.memTotalKb, swapTotalKb: snap.swapTotalKb, lowTotalKb: snap.lowTotalKb }
        : null,
      cpu: snap?.cpu ? { currentUtilization: snap.cpu.currentUtilization, nodePower: snap.cpu.nodePower } : null,
      blocks: snap ? (contents.get(snap.snapshotId)?.blocks ?? []) : [],
      quotas: snap ? (contents.get(snap.snapshotId)?.quotas ?? []) : [],
      runningCtIds: runningOf.get(node.id) ?? new Set(),
    };
  });
}
