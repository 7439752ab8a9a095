import { and, asc, desc, eq, getTableColumns, gt, ilike, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { migrationEvents, migrationJobs, migrationPlans, nodeMaintenance } from '../../db/schema';
import { ACTIVE_MIGRATION_STATUSES, type MigrationStatus } from '../../vocabulary/migration-status';

export type JobRow = typeof migrationJobs.$inferSelect;
export type EventRow = typeof migrationEvents.$inferSelect;
export type PlanRow = typeof migrationPlans.$inferSelect;

export async function insertJob(db: Db, job: typeof migrationJobs.$inferInsert): Promise<JobRow> {
  const [row] = await db.insert(migrationJobs).values(job).returning();
  return row!;
}

export async function findJob(db: Db, id: string): Promise<JobRow | null> {
  const [row] = await db.select().from(migrationJobs).where(eq(migrationJobs.id, id));
  return row ?? null;
}

export async function updateJob(db: Db, id: string, set: Partial<typeof migrationJobs.$inferInsert>): Promise<void> {
  await db.update(migrationJobs).set(set).where(eq(migrationJobs.id, id));
}

/** Takes a queued job for this instance; false when another pass or instance took it first. */
export async function claimJob(db: Db, id: string, owner: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(migrationJobs)
    .set({ status: 'running', startedAt: at, owner })
    .where(and(eq(migrationJobs.id, id), eq(migrationJobs.status, 'queued')))
    .returning({ id: migrationJobs.id });
  return rows.length === 1;
}

export async function insertEvents(db: Db, jobId: string, at: Date, events: { kind: EventRow['kind']; text: string; data?: Record<string, unknown> }[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(migrationEvents).values(events.map((e) => ({ jobId, at, kind: e.kind, text: e.text, data: e.data ?? null })));
}

export async function findEventsAfter(db: Db, jobId: string, afterId: number, limit = 500): Promise<EventRow[]> {
  return db.select().from(migrationEvents).where(and(eq(migrationEvents.jobId, jobId), gt(migrationEvents.id, afterId))).orderBy(asc(migrationEvents.id)).limit(limit);
}

export async function findActiveJobs(db: Db): Promise<JobRow[]> {
  return db.select().from(migrationJobs).where(inArray(migrationJobs.status, [...ACTIVE_MIGRATION_STATUSES])).orderBy(asc(migrationJobs.createdAt), asc(migrationJobs.id));
}

export async function findActiveJobForCt(db: Db, ctId: string): Promise<JobRow | null> {
  const [row] = await db.select().from(migrationJobs).where(and(eq(migrationJobs.ctId, ctId), inArray(migrationJobs.status, [...ACTIVE_MIGRATION_STATUSES]))).limit(1);
  return row ?? null;
}

export interface JobFilter {
  ctId?: string;
  nodeId?: number;
  status?: MigrationStatus;
  text?: string;
  limit?: number;
}

export async function listJobs(db: Db, f: JobFilter): Promise<Omit<JobRow, 'log'>[]> {
  const where: SQL[] = [];
  if (f.ctId) where.push(eq(migrationJobs.ctId, f.ctId));
  if (f.nodeId) where.push(or(eq(migrationJobs.sourceNodeId, f.nodeId), eq(migrationJobs.targetNodeId, f.nodeId))!);
  if (f.status) where.push(eq(migrationJobs.status, f.status));
  if (f.text) {
    const like = `%${f.text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(migrationJobs.sourceName, like), ilike(migrationJobs.targetName, like), ilike(migrationJobs.requestedBy, like), ilike(migrationJobs.ctId, like))!);
  }
  const { log: _log, ...cols } = getTableColumns(migrationJobs);
  void _log;
  return db
    .select(cols)
    .from(migrationJobs)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(migrationJobs.createdAt), desc(migrationJobs.id))
    .limit(f.limit ?? 200);
}

export async function findMaintenance(db: Db): Promise<Map<number, typeof nodeMaintenance.$inferSelect>> {
  const rows = await db.select().from(nodeMaintenance);
  return new Map(rows.map((r) => [r.nodeId, r]));
}

export async function setMaintenance(db: Db, nodeId: number, on: boolean, by: string, at: Date, reason = ''): Promise<void> {
  if (!on) {
    await db.delete(nodeMaintenance).where(eq(nodeMaintenance.nodeId, nodeId));
    return;
  }
  await db.insert(nodeMaintenance).values({ nodeId, since: at, reason, by }).onConflictDoNothing();
}

export async function insertPlan(db: Db, plan: typeof migrationPlans.$inferInsert): Promise<PlanRow> {
  const [row] = await db.insert(migrationPlans).values(plan).returning();
  return row!;
}

export async function findPlan(db: Db, id: string): Promise<PlanRow | null> {
  const [row] = await db.select().from(migrationPlans).where(eq(migrationPlans.id, id));
  return row ?? null;
}

export async function updatePlan(db: Db, id: string, set: Partial<typeof migrationPlans.$inferInsert>): Promise<void> {
  await db.update(migrationPlans).set(set).where(eq(migrationPlans.id, id));
}

/** Approved plans (running, paused, done, cancelled), newest first; proposals are not listed. */
export async function listPlans(db: Db, limit = 20): Promise<PlanRow[]> {
  return db.select().from(migrationPlans).where(ne(migrationPlans.status, 'proposed')).orderBy(desc(migrationPlans.createdAt)).limit(limit);
}

/** Proposals nobody approved in time: dropped when a new one is stored, so they cannot pile up. */
export async function deleteExpiredProposals(db: Db, at: Date): Promise<void> {
  await db.delete(migrationPlans).where(and(eq(migrationPlans.status, 'proposed'), lt(migrationPlans.expiresAt, at)));
}

/**
 * Turns a proposed, unexpired plan into a running one; null when it is not proposed any more (a
 * second approval, or expired). One statement, so two approvals cannot both run it.
 */
export async function claimProposedPlan(db: Db, id: string, at: Date, concurrency: number): Promise<PlanRow | null> {
  const [row] = await db
    .update(migrationPlans)
    .set({ status: 'running', concurrency })
    .where(and(eq(migrationPlans.id, id), eq(migrationPlans.status, 'proposed'), gt(migrationPlans.expiresAt, at)))
    .returning();
  return row ?? null;
}

/** Job counts of many plans in one query (the plans list showed N+1 queries). */
export async function countJobsOfPlans(db: Db, planIds: readonly string[]): Promise<Map<string, { queued: number; running: number; total: number }>> {
  if (planIds.length === 0) return new Map();
  const rows = await db
    .select({
      planId: migrationJobs.planId,
      queued: sql<number>`count(*) filter (where ${migrationJobs.status} = 'queued')`.mapWith(Number),
      running: sql<number>`count(*) filter (where ${migrationJobs.status} in ('running','reconciling'))`.mapWith(Number),
      total: sql<number>`count(*)`.mapWith(Number),
    })
    .from(migrationJobs)
    .where(inArray(migrationJobs.planId, [...planIds]))
    .groupBy(migrationJobs.planId);
  return new Map(rows.map(({ planId, ...c }) => [planId!, c]));
}

/** The plans list with each plan's job counts: two queries, whatever the number of plans. */
export async function listPlansWithCounts(db: Db): Promise<Array<PlanRow & { jobs: { queued: number; running: number; total: number } }>> {
  const plans = await listPlans(db);
  const counts = await countJobsOfPlans(db, plans.map((p) => p.id));
  return plans.map((p) => ({ ...p, jobs: counts.get(p.id) ?? { queued: 0, running: 0, total: 0 } }));
}

/** Jobs of each plan still to run or running: for the plan's concurrency and completion. */
export async function countPlanJobs(db: Db, planId: string): Promise<{ queued: number; running: number; total: number }> {
  const [r] = await db
    .select({
      queued: sql<number>`count(*) filter (where ${migrationJobs.status} = 'queued')`.mapWith(Number),
      running: sql<number>`count(*) filter (where ${migrationJobs.status} in ('running','reconciling'))`.mapWith(Number),
      total: sql<number>`count(*)`.mapWith(Number),
    })
    .from(migrationJobs)
    .where(eq(migrationJobs.planId, planId));
  return r ?? { queued: 0, running: 0, total: 0 };
}
