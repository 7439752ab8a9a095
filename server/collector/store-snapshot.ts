import { and, eq, lt, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { containers, cpuFigures, snapshots } from '../../db/schema';
import { recordFailcntEvents } from './failcnt';
import type { NodeSnapshot } from './interpret';

/** Rows per INSERT: 8 columns × 4000 stays well under Postgres' 65,535 bind parameters. */
const CHUNK = 4000;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** Stores one node's snapshot in one transaction: either all of it is visible or none. */
export async function storeSnapshot(db: Db, nodeId: number, snap: NodeSnapshot, at: Date, warnings: string): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(snapshots)
      .values({
        nodeId,
        collectedAt: at,
        memTotalKb: snap.memory?.memTotalKb ?? null,
        swapTotalKb: snap.memory?.swapTotalKb ?? null,
        lowTotalKb: snap.memory?.lowTotalKb ?? null,
        warnings,
      })
      .returning({ id: snapshots.id });
    const snapshotId = row!.id;

    // One statement with eight array parameters (UNNEST): Drizzle's builder spent most of the
    // collector's CPU type-checking 9,600 values per poll (bench/collector, profiled).
    const cols = { ctId: [] as string[], resource: [] as string[], held: [] as number[], maxheld: [] as number[], barrier: [] as (number | null)[], limit: [] as (number | null)[], failcnt: [] as number[] };
    for (const block of snap.beancounters) {
      for (const b of block.beancounters) {
        cols.ctId.push(block.ctId);
        cols.resource.push(b.resource);
        cols.held.push(b.held);
        cols.maxheld.push(b.maxheld);
        cols.barrier.push(b.barrier);
        cols.limit.push(b.limit);
        cols.failcnt.push(b.failcnt);
      }
    }
    if (cols.ctId.length) {
      await tx.execute(sql`insert into beancounter_samples (snapshot_id, ct_id, resource, held, maxheld, barrier, "limit", failcnt)
        select ${snapshotId}, * from unnest(${sql.param(cols.ctId)}::text[], ${sql.param(cols.resource)}::text[], ${sql.param(cols.held)}::bigint[], ${sql.param(cols.maxheld)}::bigint[],
                                           ${sql.param(cols.barrier)}::bigint[], ${sql.param(cols.limit)}::bigint[], ${sql.param(cols.failcnt)}::bigint[])`);
    }

    if (snap.cpu) {
      await tx.insert(cpuFigures).values({
        snapshotId,
        currentUtilization: snap.cpu.currentUtilization,
        nodePower: snap.cpu.nodePower,
        overcommitted: snap.cpu.overcommitted,
      });
    }

    if (snap.containers.length) {
      const q = (pick: (c: NodeSnapshot['containers'][number]) => number | null) => sql.param(snap.containers.map(pick));
      await tx.execute(sql`insert into disk_quotas (snapshot_id, ct_id, blocks_usage, blocks_soft, blocks_hard, inodes_usage, inodes_soft, inodes_hard)
        select ${snapshotId}, * from unnest(${sql.param(snap.containers.map((c) => c.ctId))}::text[],
          ${q((c) => c.quota.blocksUsage)}::bigint[], ${q((c) => c.quota.blocksSoft)}::bigint[], ${q((c) => c.quota.blocksHard)}::bigint[],
          ${q((c) => c.quota.inodesUsage)}::bigint[], ${q((c) => c.quota.inodesSoft)}::bigint[], ${q((c) => c.quota.inodesHard)}::bigint[])`);
    }

    for (const part of chunks(snap.containers)) {
      await tx
        .insert(containers)
        .values(
          part.map((c) => ({
            nodeId,
            ctId: c.ctId,
            hostname: c.hostname,
            ips: c.ips,
            status: c.status,
            osTemplate: c.osTemplate,
            cpuunits: c.cpuunits,
            cpulimit: c.cpulimit,
            lastSeenAt: at,
            present: true,
          })),
        )
        .onConflictDoUpdate({
          target: [containers.nodeId, containers.ctId],
          set: {
            hostname: sql`excluded.hostname`,
            ips: sql`excluded.ips`,
            status: sql`excluded.status`,
            osTemplate: sql`excluded.os_template`,
            cpuunits: sql`excluded.cpuunits`,
            cpulimit: sql`excluded.cpulimit`,
            lastSeenAt: sql`excluded.last_seen_at`,
            present: sql`true`,
          },
        });
    }
    await recordFailcntEvents(tx, nodeId, snap.beancounters, at);
    // Snapshots hold the latest poll only: time series live in the history tiers, failures in
    // failcnt_events. Older snapshots go with their rows (ON DELETE CASCADE), one node's at a time.
    await tx.delete(snapshots).where(and(eq(snapshots.nodeId, nodeId), lt(snapshots.id, snapshotId)));

    const seen = snap.containers.map((c) => c.ctId);
    await tx
      .update(containers)
      .set({ present: false })
      .where(
        seen.length
          ? and(eq(containers.nodeId, nodeId), notInArray(containers.ctId, seen))
          : eq(containers.nodeId, nodeId),
      );
    return snapshotId;
  });
}
