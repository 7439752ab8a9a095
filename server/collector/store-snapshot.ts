import { and, eq, lt, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { beancounterSamples, containers, cpuFigures, diskQuotas, snapshots } from '../../db/schema';
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

    const bcRows = snap.beancounters.flatMap((block) =>
      block.beancounters.map((b) => ({
        snapshotId,
        ctId: block.ctId,
        resource: b.resource,
        held: b.held,
        maxheld: b.maxheld,
        barrier: b.barrier,
        limit: b.limit,
        failcnt: b.failcnt,
      })),
    );
    for (const part of chunks(bcRows)) await tx.insert(beancounterSamples).values(part);

    if (snap.cpu) {
      await tx.insert(cpuFigures).values({
        snapshotId,
        currentUtilization: snap.cpu.currentUtilization,
        nodePower: snap.cpu.nodePower,
        overcommitted: snap.cpu.overcommitted,
      });
    }

    const quotaRows = snap.containers.map((c) => ({ snapshotId, ctId: c.ctId, ...c.quota }));
    for (const part of chunks(quotaRows)) await tx.insert(diskQuotas).values(part);

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
