import { and, asc, desc, eq, getTableColumns, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { ctActionEvents, ctActionJobs } from '../../db/schema';
import { ACTIVE_CT_ACTION_STATUSES } from '../../vocabulary/ct-action';
import { CtActionConflictError } from './errors';

export type CtActionJobRow = typeof ctActionJobs.$inferSelect;
export type CtActionEventRow = typeof ctActionEvents.$inferSelect;

/** Postgres' unique_violation: the one-active-action-per-CT index refused a second job. */
function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export async function insertCtActionJob(db: Db, job: typeof ctActionJobs.$inferInsert): Promise<CtActionJobRow> {
  try {
    const [row] = await db.insert(ctActionJobs).values(job).returning();
    return row!;
  } catch (err) {
    if (isUniqueViolation(err)) throw new CtActionConflictError(`CT ${job.ctId} already has an action running`);
    throw err;
  }
}

export async function findCtActionJob(db: Db, id: string): Promise<CtActionJobRow | null> {
  const [row] = await db.select().from(ctActionJobs).where(eq(ctActionJobs.id, id));
  return row ?? null;
}

export async function updateCtActionJob(db: Db, id: string, set: Partial<typeof ctActionJobs.$inferInsert>): Promise<void> {
  await db.update(ctActionJobs).set(set).where(eq(ctActionJobs.id, id));
}

export async function insertCtActionEvents(db: Db, jobId: string, at: Date, events: { kind: CtActionEventRow['kind']; text: string; data?: Record<string, unknown> }[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(ctActionEvents).values(events.map((e) => ({ jobId, at, kind: e.kind, text: e.text, data: e.data ?? null })));
}

export async function findCtActionEventsAfter(db: Db, jobId: string, afterId: number, limit = 500): Promise<CtActionEventRow[]> {
  return db.select().from(ctActionEvents).where(and(eq(ctActionEvents.jobId, jobId), gt(ctActionEvents.id, afterId))).orderBy(asc(ctActionEvents.id)).limit(limit);
}

export async function findActiveCtActionJobs(db: Db): Promise<CtActionJobRow[]> {
  return db.select().from(ctActionJobs).where(inArray(ctActionJobs.status, [...ACTIVE_CT_ACTION_STATUSES])).orderBy(asc(ctActionJobs.createdAt));
}

/** The CT's recent actions, newest first, without their logs (the list stays small whatever they printed). */
export async function listCtActionJobs(db: Db, nodeId: number, ctId: string, limit = 20): Promise<Omit<CtActionJobRow, 'log'>[]> {
  const { log: _log, ...cols } = getTableColumns(ctActionJobs);
  void _log;
  return db.select(cols).from(ctActionJobs).where(and(eq(ctActionJobs.nodeId, nodeId), eq(ctActionJobs.ctId, ctId))).orderBy(desc(ctActionJobs.createdAt)).limit(limit);
}
