import { and, eq, gte, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { migrationJobs, migrationRunners } from '../../db/schema';

/**
 * A runner that has not beaten for this long is taken for dead and its running jobs are
 * reconciled by whoever sees them. Ten heartbeats: a pump stuck on a slow node does not stop the
 * beat (it has its own timer), but a busy event loop may delay a few.
 */
export const MIGRATION_OWNER_TTL_MS = 30_000;
export const MIGRATION_HEARTBEAT_MS = 3_000;

/** This runner is alive now. */
export async function beatMigrationOwner(db: Db, owner: string, now: Date): Promise<void> {
  await db
    .insert(migrationRunners)
    .values({ owner, heartbeatAt: now })
    .onConflictDoUpdate({ target: migrationRunners.owner, set: { heartbeatAt: sql`excluded.heartbeat_at` } });
}

/** Owners whose heartbeat is recent enough to trust their sessions are still running. */
export async function findLiveMigrationOwners(db: Db, now: Date, ttlMs = MIGRATION_OWNER_TTL_MS): Promise<Set<string>> {
  const rows = await db.select({ owner: migrationRunners.owner }).from(migrationRunners).where(gte(migrationRunners.heartbeatAt, new Date(now.getTime() - ttlMs)));
  return new Set(rows.map((r) => r.owner));
}

/** A clean shutdown: others may reconcile what is left at once instead of after the TTL. */
export async function releaseMigrationOwner(db: Db, owner: string): Promise<void> {
  await db.delete(migrationRunners).where(eq(migrationRunners.owner, owner));
}

/**
 * Whether a job marked running (or reconciling) that this process has no session for may be
 * reconciled here. Its own jobs: yes (the session died, or this is the same owner after a
 * restart). Another owner's: only when that owner is gone, or the job has none.
 */
export function mayReconcile(job: { owner: string | null }, self: string, live: ReadonlySet<string>): boolean {
  return job.owner === null || job.owner === self || !live.has(job.owner);
}

/**
 * Takes another owner's orphaned job for this runner before reconciling it, so two live runners
 * that both saw the owner die do not both reconcile it: only the one whose update matched wins.
 */
export async function adoptJob(db: Db, job: { id: string; owner: string | null }, self: string): Promise<boolean> {
  if (job.owner === self) return true;
  const rows = await db
    .update(migrationJobs)
    .set({ owner: self })
    .where(and(eq(migrationJobs.id, job.id), job.owner === null ? isNull(migrationJobs.owner) : eq(migrationJobs.owner, job.owner)))
    .returning({ id: migrationJobs.id });
  return rows.length === 1;
}
