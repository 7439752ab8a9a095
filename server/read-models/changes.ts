import { gt, max } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { nodePollState } from '../../db/schema';

export interface FleetChange {
  /** ISO time of the newest poll seen; the cursor a reconnecting client resumes from. */
  cursor: string;
  nodeIds: number[];
}

/**
 * Nodes polled since `since`, read from the database: it works the same whichever process (or
 * vzfleet instance on a shared Postgres) did the polling.
 */
export async function findChangesSince(db: Db, since: Date | null): Promise<FleetChange | null> {
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
