import { gt, max } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { nodePollState } from '../../db/schema';
import type { SharedReads } from './shared-reads';

export interface FleetChange {
  /** ISO time of the newest poll seen; the cursor a reconnecting client resumes from. */
  cursor: string;
  nodeIds: number[];
}

/** When each node was last polled (ms since the epoch), as one fleet-wide read hands it round. */
export interface PollTime {
  nodeId: number;
  atMs: number;
}

/**
 * Nodes polled since `since`, read from the database: it works the same whichever process (or
 * vzfleet instance on a shared Postgres) did the polling.
 *
 * With `shared`, every open stream of this process answers from one read of the fleet's poll
 * times per window instead of a query of its own every tick: a stream's tick was four queries
 * (session, user, settings, changes), and forty open screens cost 11.7 % of a core. The answer is
 * the same, up to the window's age (SHARED_READ_MS, shorter than a stream's tick).
 */
export async function findChangesSince(db: Db, since: Date | null, shared?: SharedReads | null): Promise<FleetChange | null> {
  if (shared) return changesAmong(await shared.read('fleet.pollTimes', () => readPollTimes(db)), since);
  if (since === null) {
    const [row] = await db.select({ newest: max(nodePollState.lastAttemptAt) }).from(nodePollState);
    return { cursor: (row?.newest ?? new Date(0)).toISOString(), nodeIds: [] };
  }
  const rows = await db
    .select({ nodeId: nodePollState.nodeId, at: nodePollState.lastAttemptAt })
    .from(nodePollState)
    .where(gt(nodePollState.lastAttemptAt, since));
  if (rows.length === 0) return null;
  const newest = rows.reduce((m, r) => Math.max(m, r.at?.getTime() ?? 0), 0);
  return { cursor: new Date(newest).toISOString(), nodeIds: rows.map((r) => r.nodeId) };
}

async function readPollTimes(db: Db): Promise<PollTime[]> {
  const rows = await db.select({ nodeId: nodePollState.nodeId, at: nodePollState.lastAttemptAt }).from(nodePollState);
  return rows.flatMap((r) => (r.at ? [{ nodeId: r.nodeId, atMs: r.at.getTime() }] : []));
}

/** What findChangesSince answers, worked out from every node's last poll time. */
export function changesAmong(times: readonly PollTime[], since: Date | null): FleetChange | null {
  if (since === null) return { cursor: new Date(times.reduce((m, t) => Math.max(m, t.atMs), 0)).toISOString(), nodeIds: [] };
  const sinceMs = since.getTime();
  const nodeIds: number[] = [];
  let newest = 0;
  for (const t of times) {
    if (t.atMs <= sinceMs) continue;
    nodeIds.push(t.nodeId);
    newest = Math.max(newest, t.atMs);
  }
  return nodeIds.length === 0 ? null : { cursor: new Date(newest).toISOString(), nodeIds };
}
