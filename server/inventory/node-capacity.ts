import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { nodeCapacity, snapshots } from '../../db/schema';
import { findCapacityWarnings, MAX_CLAIM, type CapacityWarning, type ClaimedCapacity, type RecordedCapacity } from './capacity';
import { findNode } from './nodes';

/** A figure an admin types: a whole number within what any real host has, or empty (not recorded). */
const figure = (max: number) => z.number().int('a whole number').min(1, 'at least 1').max(max, 'larger than any real host').nullable();

export const nodeCapacityInputSchema = z.object({
  ramBytes: figure(MAX_CLAIM.ramBytes),
  swapBytes: figure(MAX_CLAIM.swapBytes),
  vzDiskBytes: figure(MAX_CLAIM.vzFreeBytes),
  cpuPower: figure(MAX_CLAIM.cpuPower),
});
export type NodeCapacityInput = z.infer<typeof nodeCapacityInputSchema>;

export async function findRecordedCapacity(db: Db, nodeId: number): Promise<(RecordedCapacity & { updatedBy: string; updatedAt: Date }) | null> {
  const [row] = await db.select().from(nodeCapacity).where(eq(nodeCapacity.nodeId, nodeId));
  if (!row) return null;
  const { nodeId: _id, ...rest } = row;
  void _id;
  return rest;
}

/** Every node's recorded capacity, for placement. */
export async function findRecordedCapacities(db: Db): Promise<Map<number, RecordedCapacity>> {
  const rows = await db.select().from(nodeCapacity);
  return new Map(rows.map((r) => [r.nodeId, { ramBytes: r.ramBytes, swapBytes: r.swapBytes, vzDiskBytes: r.vzDiskBytes, cpuPower: r.cpuPower }]));
}

export async function upsertRecordedCapacity(db: Db, nodeId: number, values: NodeCapacityInput, by: string, at: Date): Promise<void> {
  await findNode(db, nodeId);
  const row = { ...values, updatedBy: by, updatedAt: at };
  await db.insert(nodeCapacity).values({ nodeId, ...row }).onConflictDoUpdate({ target: nodeCapacity.nodeId, set: row });
}

/**
 * The node page's view: recorded capacity, what the last collection claimed (meminfo and
 * vzcpucheck; free disk is only known to a migration probe, so it is compared in the target list).
 */
export async function findCapacityView(db: Db, nodeId: number): Promise<{ recorded: Awaited<ReturnType<typeof findRecordedCapacity>>; claimed: ClaimedCapacity | null; warnings: CapacityWarning[] }> {
  await findNode(db, nodeId);
  const recorded = await findRecordedCapacity(db, nodeId);
  const [snap] = await db
    .select({ memTotalKb: snapshots.memTotalKb, swapTotalKb: snapshots.swapTotalKb, cpuNodePower: snapshots.cpuNodePower })
    .from(snapshots)
    .where(eq(snapshots.nodeId, nodeId))
    .orderBy(desc(snapshots.collectedAt))
    .limit(1);
  const kb = (v: number | null | undefined) => (v == null ? null : v * 1024);
  const claimed: ClaimedCapacity | null = snap ? { ramBytes: kb(snap.memTotalKb), swapBytes: kb(snap.swapTotalKb), vzFreeBytes: null, cpuPower: snap.cpuNodePower } : null;
  return { recorded, claimed, warnings: claimed ? findCapacityWarnings(claimed, recorded) : [] };
}
