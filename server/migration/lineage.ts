import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { migrationJobs } from '../../db/schema';

/** Where a CT lived: on `nodeId` until `until` (null = still there). Newest first. */
export interface CtSegment {
  nodeId: number;
  until: Date | null;
}

/**
 * The nodes a CT came through, walking back over its succeeded migrations, so its failcnt events
 * and history read as one container across nodes. CT ids are unique per node only, so the
 * lineage follows recorded moves, never the id alone.
 */
export async function findCtLineage(db: Db, nodeId: number, ctId: string, maxHops = 10): Promise<CtSegment[]> {
  const segments: CtSegment[] = [{ nodeId, until: null }];
  let before: Date | null = null;
  for (let i = 0; i < maxHops; i++) {
    const current = segments[segments.length - 1]!;
    const conds = [eq(migrationJobs.ctId, ctId), eq(migrationJobs.targetNodeId, current.nodeId), inArray(migrationJobs.status, ['succeeded', 'succeeded-with-warnings'])];
    if (before) conds.push(lt(migrationJobs.finishedAt, before));
    const [move] = await db.select().from(migrationJobs).where(and(...conds)).orderBy(desc(migrationJobs.finishedAt)).limit(1);
    if (!move?.finishedAt || move.sourceNodeId === null) break;
    segments.push({ nodeId: move.sourceNodeId, until: move.finishedAt });
    before = move.startedAt ?? move.finishedAt;
  }
  return segments;
}
