import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { limitChanges, type LimitChangeStatus, type StoredLimitValue } from '../../db/schema-limits';

/** The limit_changes table (db/schema-limits.ts): inserts, settling, and the CT's list for the charts. */

export type LimitChangeRow = typeof limitChanges.$inferSelect;
export type NewLimitChange = typeof limitChanges.$inferInsert;

export async function insertLimitChange(db: Db, row: NewLimitChange): Promise<LimitChangeRow> {
  const [r] = await db.insert(limitChanges).values(row).returning();
  return r!;
}

export async function updateLimitChange(db: Db, id: number, patch: Partial<Pick<LimitChangeRow, 'status' | 'message' | 'appliedAt' | 'settledAt' | 'observed'>>): Promise<void> {
  await db.update(limitChanges).set(patch).where(eq(limitChanges.id, id));
}

/** vzfleet's changes on a node still waiting for a poll to show them. */
export async function findPendingLimitChanges(db: Db, nodeId: number): Promise<LimitChangeRow[]> {
  return db.select().from(limitChanges).where(and(eq(limitChanges.nodeId, nodeId), eq(limitChanges.status, 'pending')));
}

/** Nodes with a change waiting for a poll to confirm it (the collector's once-a-second question). */
export async function pendingLimitNodes(db: Db): Promise<Set<number>> {
  const rows = await db.selectDistinct({ nodeId: limitChanges.nodeId }).from(limitChanges).where(eq(limitChanges.status, 'pending'));
  return new Set(rows.map((r) => r.nodeId));
}

/** vzfleet's own recent changes on a node (to tell them from changes made on the node). */
export async function findRecentOwnChanges(db: Db, nodeId: number, since: Date): Promise<LimitChangeRow[]> {
  const own: LimitChangeStatus[] = ['pending', 'confirmed', 'mismatch', 'applied'];
  return db.select().from(limitChanges).where(and(eq(limitChanges.nodeId, nodeId), eq(limitChanges.source, 'vzfleet'), inArray(limitChanges.status, own), gte(limitChanges.at, since)));
}

export interface LimitChangeView {
  id: number;
  ctId: string;
  param: string;
  before: StoredLimitValue | null;
  after: StoredLimitValue;
  observed: StoredLimitValue | null;
  source: LimitChangeRow['source'];
  status: LimitChangeStatus;
  actorLabel: string | null;
  message: string | null;
  atMs: number;
  settledAtMs: number | null;
}

/** A CT's limit changes since `since`, newest first (the command is for the audit log, not the page). */
export async function listLimitChanges(db: Db, nodeId: number, ctId: string, since: Date, max = 200): Promise<LimitChangeView[]> {
  const rows = await db
    .select()
    .from(limitChanges)
    .where(and(eq(limitChanges.nodeId, nodeId), eq(limitChanges.ctId, ctId), gte(limitChanges.at, since)))
    .orderBy(desc(limitChanges.at), desc(limitChanges.id))
    .limit(max);
  return rows.map((r) => ({
    id: r.id, ctId: r.ctId, param: r.param, before: r.before, after: r.after, observed: r.observed, source: r.source, status: r.status,
    actorLabel: r.actorLabel, message: r.message, atMs: r.at.getTime(), settledAtMs: r.settledAt ? r.settledAt.getTime() : null,
  }));
}
