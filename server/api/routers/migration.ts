import { tracked } from '@trpc/server';
import { z } from 'zod';
import { ACTIVE_MIGRATION_STATUSES, MIGRATION_STATUSES } from '../../../vocabulary/migration-status';
import { recordAudit } from '../../audit/record';
import { findMaintenance, findEventsAfter, findJob, listJobs, listPlans, setMaintenance, countJobsOfPlans } from '../../migration/store';
import { computeTargets, runPrechecks } from '../../migration/gather';
import { MigrationConflictError, PrecheckFailedError } from '../../migration/errors';
import { approvePlan, planFleetRebalance, planNodeEvacuation, setPlanStatus, startMigration, viewerLabel, type Migrations } from '../../migration/service';
import { ctIdSchema } from '../../../vocabulary/ct-id';
import type { Services } from '../../services';
import { createTRPCRouter, procedureFor, type TrpcContext } from '../init';
import { pollWhileAuthorized } from '../live-streams';

const nodeId = z.number().int().positive();
const moveInput = z.object({ ctId: ctIdSchema, sourceNodeId: nodeId, targetNodeId: nodeId, online: z.boolean().default(true) });
/** Override of failed pre-checks: admins only (service.canOverride), with a reason for the audit log. */
const overrideReason = z.string().trim().min(10, 'say why, in a sentence').max(1000).nullish();

function migrations(services: Services): Migrations {
  if (!services.migrations) throw new MigrationConflictError('migrations are not running in this process');
  return services.migrations;
}

/** The ids an answer names (job, plan), for the audit line. */
function pickIds(result: unknown): Record<string, string> {
  const ids: Record<string, string> = {};
  if (typeof result !== 'object' || !result) return ids;
  for (const k of ['jobId', 'planId'] as const) if (k in result) ids[k] = String((result as Record<string, unknown>)[k]);
  return ids;
}

/** Every action goes to the audit log, with how it ended. */
async function audited<T>(ctx: TrpcContext, action: string, target: string, detail: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  try {
    const result = await fn();
    await recordAudit(ctx, { action, target, result: 'ok', detail: { ...detail, ...pickIds(result) } });
    return result;
  } catch (err) {
    await recordAudit(ctx, { action, target, result: err instanceof PrecheckFailedError ? 'denied' : 'error', detail: { ...detail, error: err instanceof Error ? err.message : String(err) } });
    throw err;
  }
}

const isFinished = (status: string) => !(ACTIVE_MIGRATION_STATUSES as readonly string[]).includes(status);

export const migrationRouter = createTRPCRouter({
  /**
   * Other nodes ranked by fit for one CT, with before/after commitment. A mutation, like precheck:
   * both SSH to every node (precheck runs `vzmigrate --check-only`, which takes the CT's lock), so
   * a GET — a cross-site link, an image tag — must not set them off.
   */
  targets: procedureFor('admin', 'operator')
    .input(z.object({ ctId: ctIdSchema, nodeId, online: z.boolean().default(true) }))
    .mutation(({ ctx, input }) => computeTargets(migrations(ctx.services).deps, input)),

  precheck: procedureFor('admin', 'operator')
    .input(moveInput)
    .mutation(({ ctx, input }) => runPrechecks(migrations(ctx.services).deps, input)),

  /** Returns the job id at once; progress comes through onProgress. */
  start: procedureFor('admin', 'operator')
    .input(moveInput.extend({ overrideReason }))
    .mutation(({ ctx, input }) =>
      audited(ctx, input.overrideReason ? 'migration.start.override' : 'migration.start', `ct/${input.ctId}`, { from: input.sourceNodeId, to: input.targetNodeId, online: input.online, overrideReason: input.overrideReason ?? null }, async () => {
        const r = await startMigration(migrations(ctx.services), input, ctx.viewer);
        return { jobId: r.jobId };
      }),
    ),

  cancel: procedureFor('admin', 'operator')
    .input(z.object({ jobId: z.string().uuid() }))
    .mutation(({ ctx, input }) =>
      audited(ctx, 'migration.cancel', `migration/${input.jobId}`, {}, async () => {
        const ok = await migrations(ctx.services).runner.cancel(input.jobId);
        if (!ok) throw new MigrationConflictError('the job is not active');
        return { cancelled: true };
      }),
    ),

  byId: procedureFor('admin', 'operator', 'support')
    .input(z.object({ jobId: z.string().min(1).max(64) }))
    .query(async ({ ctx, input }) => findJob(ctx.services.db, input.jobId)),

  list: procedureFor('admin', 'operator', 'support')
    .input(z.object({ ctId: ctIdSchema.optional(), nodeId: nodeId.optional(), status: z.enum(MIGRATION_STATUSES).optional(), text: z.string().max(100).optional(), limit: z.number().int().min(1).max(500).default(200) }).optional())
    .query(({ ctx, input }) => listJobs(ctx.services.db, input ?? {})),

  /**
   * Replays the job's stored events after lastEventId, then streams new ones until it ends — while
   * the session holds (re-checked on every poll) and within the session's stream limit.
   */
  onProgress: procedureFor('admin', 'operator', 'support')
    .input(z.object({ jobId: z.string().min(1).max(64), lastEventId: z.string().regex(/^\d{1,15}$/).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      let after = input.lastEventId ? Number(input.lastEventId) : 0;
      yield* pollWhileAuthorized(ctx, signal, {
        everyMs: 400,
        poll: async () => {
          const events = await findEventsAfter(ctx.services.db, input.jobId, after);
          if (events.length > 0) {
            after = events.at(-1)!.id;
            return { events: events.map((e) => tracked(String(e.id), { id: e.id, at: e.at, kind: e.kind, text: e.text, data: e.data })) };
          }
          const job = await findJob(ctx.services.db, input.jobId);
          return { events: [], done: !job || isFinished(job.status) };
        },
      });
    }),

  maintenance: procedureFor('admin', 'operator', 'support').query(async ({ ctx }) => [...(await findMaintenance(ctx.services.db)).values()]),

  setMaintenance: procedureFor('admin', 'operator')
    .input(z.object({ nodeId, on: z.boolean(), reason: z.string().max(500).default('') }))
    .mutation(({ ctx, input }) =>
      audited(ctx, input.on ? 'node.maintenance.on' : 'node.maintenance.off', `node/${input.nodeId}`, { reason: input.reason }, async () => {
        await setMaintenance(ctx.services.db, input.nodeId, input.on, viewerLabel(ctx.viewer), ctx.services.clock(), input.reason);
        return { ok: true };
      }),
    ),

  /** Computed and stored by the server as a proposal; the answer carries its planId for approvePlan. */
  planEvacuation: procedureFor('admin', 'operator')
    .input(z.object({ nodeId }))
    .mutation(({ ctx, input }) => audited(ctx, 'migration.plan.evacuate', `node/${input.nodeId}`, {}, () => planNodeEvacuation(migrations(ctx.services), input.nodeId, ctx.viewer))),

  planRebalance: procedureFor('admin', 'operator')
    .input(z.object({ maxMoves: z.number().int().min(1).max(20).default(5) }).optional())
    .mutation(({ ctx, input }) => audited(ctx, 'migration.plan.rebalance', 'fleet', {}, () => planFleetRebalance(migrations(ctx.services), input?.maxMoves ?? 5, ctx.viewer))),

  /** Approves a plan the server proposed, by id; each move passes the same checks as start. */
  approvePlan: procedureFor('admin', 'operator')
    .input(z.object({ planId: z.string().uuid(), concurrency: z.number().int().min(1).max(10).default(2), overrideReason }))
    .mutation(({ ctx, input }) =>
      audited(ctx, input.overrideReason ? 'migration.plan.approve.override' : 'migration.plan.approve', `plan/${input.planId}`, { concurrency: input.concurrency, overrideReason: input.overrideReason ?? null }, () =>
        approvePlan(migrations(ctx.services), input, ctx.viewer),
      ),
    ),

  setPlanStatus: procedureFor('admin', 'operator')
    .input(z.object({ planId: z.string().uuid(), status: z.enum(['running', 'paused', 'cancelled']) }))
    .mutation(({ ctx, input }) =>
      audited(ctx, `migration.plan.${input.status === 'running' ? 'resume' : input.status === 'paused' ? 'pause' : 'cancel'}`, `plan/${input.planId}`, {}, async () => {
        await setPlanStatus(migrations(ctx.services), input.planId, input.status);
        return { ok: true };
      }),
    ),

  plans: procedureFor('admin', 'operator', 'support').query(async ({ ctx }) => {
    const plans = await listPlans(ctx.services.db);
    const counts = await countJobsOfPlans(ctx.services.db, plans.map((p) => p.id));
    return plans.map((p) => ({ ...p, jobs: counts.get(p.id) ?? { queued: 0, running: 0, total: 0 } }));
  }),
});
