import { tracked } from '@trpc/server';
import { z } from 'zod';
import { ACTIVE_MIGRATION_STATUSES, MIGRATION_STATUSES } from '../../../vocabulary/migration-status';
import { findMaintenance, findEventsAfter, findJob, listJobs, listPlansWithCounts, setMaintenance } from '../../migration/store';
import { computeTargets, runPrechecks } from '../../migration/gather';
import { MigrationConflictError } from '../../migration/errors';
import { approvePlan, cancelMigration, planFleetRebalance, planNodeEvacuation, setPlanStatus, startMigration, viewerLabel, type Migrations } from '../../migration/service';
import { ctIdSchema } from '../../../vocabulary/ct-id';
import type { Services } from '../../services';
import { auditAs } from '../audit-declaration';
import { createTRPCRouter, procedureFor } from '../init';
import { pollWhileAuthorized } from '../live-streams';

const nodeId = z.number().int().positive();
const moveInput = z.object({ ctId: ctIdSchema, sourceNodeId: nodeId, targetNodeId: nodeId, online: z.boolean().default(true) });
/** Override of failed pre-checks: admins only (service.canOverride), with a reason for the audit log. */
const overrideReason = z.string().trim().min(10, 'say why, in a sentence').max(1000).nullish();
const startInput = moveInput.extend({ overrideReason });
const cancelInput = z.object({ jobId: z.string().uuid() });
const maintenanceInput = z.object({ nodeId, on: z.boolean(), reason: z.string().max(500).default('') });
const evacuateInput = z.object({ nodeId });
const rebalanceInput = z.object({ maxMoves: z.number().int().min(1).max(20).default(5) }).optional();
const approveInput = z.object({ planId: z.string().uuid(), concurrency: z.number().int().min(1).max(10).default(2), overrideReason });
const planStatusInput = z.object({ planId: z.string().uuid(), status: z.enum(['running', 'paused', 'cancelled']) });
/** What the audit line of a migration action keeps of its answer. */
const MIGRATION_IDS = ['jobId', 'planId'];
/** The audit verb of each plan status a person sets. */
const PLAN_STATUS_VERB = { running: 'resume', paused: 'pause', cancelled: 'cancel' } as const;

function migrations(services: Services): Migrations {
  if (!services.migrations) throw new MigrationConflictError('migrations are not running in this process');
  return services.migrations;
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
    .input(startInput)
    .meta({
      audit: auditAs(startInput, (i) => ({
        action: i.overrideReason ? 'migration.start.override' : 'migration.start',
        target: `ct/${i.ctId}`,
        detail: { from: i.sourceNodeId, to: i.targetNodeId, online: i.online, overrideReason: i.overrideReason ?? null },
        resultIds: MIGRATION_IDS,
      })),
    })
    .mutation(async ({ ctx, input }) => ({ jobId: (await startMigration(migrations(ctx.services), input, ctx.viewer)).jobId })),

  cancel: procedureFor('admin', 'operator')
    .input(cancelInput)
    .meta({ audit: auditAs(cancelInput, (i) => ({ action: 'migration.cancel', target: `migration/${i.jobId}`, resultIds: MIGRATION_IDS })) })
    .mutation(({ ctx, input }) => cancelMigration(migrations(ctx.services), input.jobId)),

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
    .input(maintenanceInput)
    .meta({ audit: auditAs(maintenanceInput, (i) => ({ action: i.on ? 'node.maintenance.on' : 'node.maintenance.off', target: `node/${i.nodeId}`, detail: { reason: i.reason }, resultIds: MIGRATION_IDS })) })
    .mutation(async ({ ctx, input }) => {
      await setMaintenance(ctx.services.db, input.nodeId, input.on, viewerLabel(ctx.viewer), ctx.services.clock(), input.reason);
      return { ok: true };
    }),

  /** Computed and stored by the server as a proposal; the answer carries its planId for approvePlan. */
  planEvacuation: procedureFor('admin', 'operator')
    .input(evacuateInput)
    .meta({ audit: auditAs(evacuateInput, (i) => ({ action: 'migration.plan.evacuate', target: `node/${i.nodeId}`, resultIds: MIGRATION_IDS })) })
    .mutation(({ ctx, input }) => planNodeEvacuation(migrations(ctx.services), input.nodeId, ctx.viewer)),

  planRebalance: procedureFor('admin', 'operator')
    .input(rebalanceInput)
    .meta({ audit: auditAs(rebalanceInput, () => ({ action: 'migration.plan.rebalance', target: 'fleet', resultIds: MIGRATION_IDS })) })
    .mutation(({ ctx, input }) => planFleetRebalance(migrations(ctx.services), input?.maxMoves ?? 5, ctx.viewer)),

  /** Approves a plan the server proposed, by id; each move passes the same checks as start. */
  approvePlan: procedureFor('admin', 'operator')
    .input(approveInput)
    .meta({
      audit: auditAs(approveInput, (i) => ({
        action: i.overrideReason ? 'migration.plan.approve.override' : 'migration.plan.approve',
        target: `plan/${i.planId}`,
        detail: { concurrency: i.concurrency, overrideReason: i.overrideReason ?? null },
        resultIds: MIGRATION_IDS,
      })),
    })
    .mutation(({ ctx, input }) => approvePlan(migrations(ctx.services), input, ctx.viewer)),

  setPlanStatus: procedureFor('admin', 'operator')
    .input(planStatusInput)
    .meta({ audit: auditAs(planStatusInput, (i) => ({ action: `migration.plan.${PLAN_STATUS_VERB[i.status]}`, target: `plan/${i.planId}`, resultIds: MIGRATION_IDS })) })
    .mutation(async ({ ctx, input }) => {
      await setPlanStatus(migrations(ctx.services), input.planId, input.status);
      return { ok: true };
    }),

  plans: procedureFor('admin', 'operator', 'support').query(({ ctx }) => listPlansWithCounts(ctx.services.db)),
});
