import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { nodePollState, nodes } from '../../db/schema';
import type { NodeSummary } from '../../db/stored-shapes';
import { parseWrapperRefusals, type WrapperRefusal } from '../../vocabulary/wrapper-refusal';
import { DEFAULT_VERDICT_THRESHOLDS } from '../openvz/verdict/thresholds';
import { findLatestSnapshots } from '../read-models/latest-snapshots';
import { findCtCounts, findFailureCounts } from '../read-models/node-figures';
import type { FailcntTotals } from './failcnt-totals';
import { countFailedMigrations } from './failed-migrations';

/** What the default scrape exports of one node: its poll, the collector's summary, counts — no beancounters. */
export interface FleetMetricsNode {
  id: number;
  name: string;
  /** The node's own interval, null = the fleet default. */
  pollIntervalS: number | null;
  poll: { health: string; healthSince: Date; lastAttemptAt: Date | null; lastSuccessAt: Date | null; lastDurationMs: number | null } | null;
  /** Newest snapshot, so a per-node scrape knows which one to read (and its memory totals). */
  snapshot: { id: number; memTotalKb: number | null; swapTotalKb: number | null; lowTotalKb: number | null } | null;
  memory: NodeSummary['memory'];
  cpu: { currentUtilization: number; nodePower: number } | null;
  cts: { running: number; total: number };
  /** CTs whose failcnt rose within the recent window (the overview's "failing now"). */
  ctsFailing: number;
  /** Refusals ever recorded, by resource. */
  failcnt: ReadonlyMap<string, number>;
  migrationsFailed: number;
  /** What the node's collector wrapper refused on its last answered poll (an older vzfleet's wrapper). */
  wrapperRefused: readonly WrapperRefusal[];
}

/**
 * The default scrape's inputs in a fixed number of queries, whatever the fleet's size: nodes and
 * their polls, the newest snapshot's stored summary (never its beancounters), CT counts, failures.
 */
export async function findFleetMetricsData(db: Db, now: Date, failcnt: FailcntTotals): Promise<FleetMetricsNode[]> {
  const [rows, [latest, counts], failures, totals, migrations] = await Promise.all([
    db.select({ node: nodes, poll: nodePollState }).from(nodes).leftJoin(nodePollState, eq(nodePollState.nodeId, nodes.id)),
    findLatestSnapshots(db).then(async (l) => [l, await findCtCounts(db, l)] as const),
    findFailureCounts(db, now, DEFAULT_VERDICT_THRESHOLDS.recentMs),
    failcnt.read(db, now),
    countFailedMigrations(db),
  ]);
  return rows.map(({ node, poll }) => {
    const snap = latest.get(node.id);
    return {
      id: node.id,
      name: node.name,
      pollIntervalS: node.pollIntervalS,
      poll: poll ? { health: poll.health, healthSince: poll.healthSince, lastAttemptAt: poll.lastAttemptAt, lastSuccessAt: poll.lastSuccessAt, lastDurationMs: poll.lastDurationMs } : null,
      snapshot: snap ? { id: snap.snapshotId, memTotalKb: snap.memTotalKb, swapTotalKb: snap.swapTotalKb, lowTotalKb: snap.lowTotalKb } : null,
      memory: snap?.summary?.memory ?? null,
      cpu: snap?.cpu ? { currentUtilization: snap.cpu.currentUtilization, nodePower: snap.cpu.nodePower } : null,
      cts: counts.get(node.id) ?? { running: 0, total: 0 },
      ctsFailing: failures.get(node.id)?.containersRecent ?? 0,
      failcnt: totals.get(node.id) ?? new Map(),
      migrationsFailed: migrations.get(node.name) ?? 0,
      wrapperRefused: parseWrapperRefusals(poll?.wrapperRefused),
    };
  });
}
