import { tracked } from '@trpc/server';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ACTIVE_MIGRATION_STATUSES, MIGRATION_STATUSES } from '../../../vocabulary/migration-status';
import { recordAudit } from '../../audit/record';
import { findMaintenance, findEventsAfter, findJob, listJobs, listPlans, setMaintenance, countPlanJobs } from '../../migration/store';
import { computeTargets, runPrechecks } from '../../migration/gather';
import { MigrationConflictError, PrecheckFailedError } from '../../migration/errors';
import { approvePlan, planFleetRebalance, planNodeEvacuation, setPlanStatus, startMigration, viewerLabel, type Migrations } from '../../migration/service';
import { ctIdSchema } from '../../../vocabulary/ct-id';
import type { Services } from '../../services';
import { createTRPCRouter, procedureFor, type TrpcContext } from '../init';

const nodeId = z.number().int().positive();
const moveInput = z.object({ ctId: ctIdSchema, sourceNodeId: nodeId, targetNodeId: nodeId, online: z.boolean().default(true) });
const commitment = z.object({ mem: z.number(), cpu: z.number() });
const planSchema = z.object({
  moves: z.array(z.object({ ctId: ctIdSchema, fromNodeId: nodeId, toNodeId: nodeId, online: z.boolean(), source: z.object({ before: commitment, after: commitment }), target: z.object({ before: commitment, after: commitment }) })).max(500),
  unplaced: z.array(z.object({ ctId: z.string(), reason: z.string() })),
  maxBefore: commitment,
  maxAfter: commitment,
});

function migrations(services: Services): Migrations {
  if (!services.migrations) throw new MigrationConflictError('migrations are not running in this process');
  return services.migrations;
}

/** Every action goes to the audit log, with how it ended. */
async function audited<T>(ctx: TrpcContext, action: string, target: string, detail: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  try {
    const result = await fn();
    await recordAudit(ctx, { action, target, result: 'ok', detail: { ...detail, ...(typeof result === 'object' && result && 'jobId' in result ? { jobId: (result as { jobId: string }).jobId } : {}) } });
    return result;
  } catch (err) {
    await recordAudit(ctx, { action, target, result: err instanceof PrecheckFailedError ? 'denied' : 'error', detail: { ...detail, error: err instanceof Error ? err.message : String(err) } });
    throw err;
  }
}

const isFinished = (status: string) => !(ACTIVE_MIGRATION_STATUSES as readonly string[]).includes(status);

export const migrationRouter = createTRPCRouter({
  /** Other nodes ranked by fit for one CT, with before/after commitment. */
  targets: procedureFor('admin', 'operator')
    .input(z.object({ ctId: ctIdSchema, nodeId, online: z.boolean().default(true) }))
    .query(({ ctx, input }) => computeTargets(migrations(ctx.services).deps, input)),

  precheck: procedureFor('admin', 'operator')
    .input(moveInput)
    .query(({ ctx, input }) => runPrechecks(migrations(ctx.services).deps, { ...input, ctId: input.ctId })),

  /** Returns the job id at once; progress comes through onProgress. */
  start: procedureFor('admin', 'operator')
    .input(moveInput.extend({ overrideReason: z.string().trim().min(10, 'say why, in a sentence').max(1000).nullish() }))
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

  /** Replays the job's stored events after lastEventId, then streams new ones until it ends. */
  onProgress: procedureFor('admin', 'operator', 'support')
    .input(z.object({ jobId: z.string().min(1).max(64), lastEventId: z.string().regex(/^\d+$/).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      let after = input.lastEventId ? Number(input.lastEventId) : 0;
      while (!signal?.aborted) {
        const events = await findEventsAfter(ctx.services.db, input.jobId, after);
        for (const e of events) {
          after = e.id;
          yield tracked(String(e.id), { id: e.id, at: e.at, kind: e.kind, text: e.text, data: e.data });
        }
        if (events.length === 0) {
          const job = await findJob(ctx.services.db, input.jobId);
          if (!job || isFinished(job.status)) return;
          await sleep(400, undefined, { signal }).catch(() => undefined);
        }
      }
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

  planEvacuation: procedureFor('admin', 'operator')
    .input(z.object({ nodeId }))
    .mutation(({ ctx, input }) => audited(ctx, 'migration.plan.evacuate', `node/${input.nodeId}`, {}, () => planNodeEvacuation(migrations(ctx.services), input.nodeId))),

  planRebalance: procedureFor('admin', 'operator')
    .input(z.object({ maxMoves: z.number().int().min(1).max(20).default(5) }).optional())
    .mutation(({ ctx, input }) => audited(ctx, 'migration.plan.rebalance', 'fleet', {}, () => planFleetRebalance(migrations(ctx.services), input?.maxMoves ?? 5))),

  approvePlan: procedureFor('admin', 'operator')
    .input(z.object({ kind: z.enum(['evacuate', 'rebalance']), nodeId: nodeId.nullable(), plan: planSchema, concurrency: z.number().int().min(1).max(10).default(2) }))
    .mutation(({ ctx, input }) =>
      audited(ctx, `migration.plan.approve`, input.nodeId ? `node/${input.nodeId}` : 'fleet', { kind: input.kind, moves: input.plan.moves.length }, () => approvePlan(migrations(ctx.services), input, ctx.viewer)),
    ),

  setPlanStatus: procedureFor('admin', 'operator')
    .input(z.object({ planId: z.string().uuid(), status: z.enum(['running', 'paused', 'cancelled']) }))
    .mutation(({ ctx, input }) =>
      audited(ctx, `migration.plan.${input.status === 'running' ? 'resume' : input.status === 'paused' ? 'pause' : 'cancel'}`, `plan/${input.planId}`, {}, async () => {
        await setPlanStatus(migrations(ctx.services), input.planId, input.status);
        return { ok: true };
      }),
    ),

  plans: procedureFor('admin', 'operator', 'support').query(async ({ ctx }) =>
    Promise.all((await listPlans(ctx.services.db)).map(async (p) => ({ ...p, jobs: await countPlanJobs(ctx.services.db, p.id) }))),
  ),
});
