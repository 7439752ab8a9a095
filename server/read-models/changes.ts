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
 * times per window instead of a read of its own every tick: a stream's tick was four queries
 * (session, user, settings, changes). The answer is the same, up to the window's age
 * (SHARED_READ_MS, shorter than a stream's tick).
 */
export async function findChangesSince(db: Db, since: Date | null, shared?: SharedReads | null): Promise<FleetChange | null> {
  const times = shared ? await shared.read('fleet.pollTimes', () => readPollTimes(db)) : await readPollTimes(db);
  return changesAmong(times, since);
}

async function readPollTimes(db: Db): Promise<PollTime[]> {
  const rows = await db.select({ nodeId: nodePollState.nodeId, at: nodePollState.lastAttemptAt }).from(nodePollState);
  return rows.flatMap((r) => (r.at ? [{ nodeId: r.nodeId, atMs: r.at.getTime() }] : []));
}

/** The nodes polled after `since`, and the newest poll among them as the next cursor; with no cursor, only the cursor. */
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
