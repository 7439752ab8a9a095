import { tracked } from '@trpc/server';
import { z } from 'zod';
import { ACTIVE_CT_ACTION_STATUSES, CT_ACTIONS } from '../../../vocabulary/ct-action';
import { ctIdSchema } from '../../../vocabulary/ct-id';
import { CtActionConflictError } from '../../ct-actions/errors';
import { readCtActionOptions, requestCtAction, type CtActions } from '../../ct-actions/service';
import { findCtActionEventsAfter, findCtActionJob, listCtActionJobs } from '../../ct-actions/store';
import type { Services } from '../../services';
import { auditAs } from '../audit-declaration';
import { createTRPCRouter, procedureFor } from '../init';
import { pollWhileAuthorized } from '../live-streams';

const nodeId = z.number().int().positive();
const ctInput = z.object({ nodeId, ctId: ctIdSchema });
const runInput = ctInput
  .extend({ action: z.enum(CT_ACTIONS), fast: z.boolean().default(false) })
  .refine((i) => !i.fast || i.action === 'stop', { message: '--fast is an option of stop only', path: ['fast'] });
const jobIdInput = z.object({ jobId: z.string().uuid() });
/** What the audit line of a CT action keeps of its answer. */
const JOB_IDS = ['jobId'];

function ctActions(services: Services): CtActions {
  if (!services.ctActions) throw new CtActionConflictError('CT actions are not running in this process');
  return services.ctActions;
}

const isFinished = (status: string) => !(ACTIVE_CT_ACTION_STATUSES as readonly string[]).includes(status);

export const ctActionRouter = createTRPCRouter({
  /**
   * The CT's live status and the actions it allows. A mutation, like migration.targets: it SSHes to
   * the node, so a GET (a link, an image tag, a background refetch) must not set it off.
   */
  options: procedureFor('admin', 'operator')
    .input(ctInput)
    .mutation(({ ctx, input }) => readCtActionOptions(ctActions(ctx.services).deps, input.nodeId, input.ctId)),

  /** Returns the job id at once; the output comes through onProgress. */
  run: procedureFor('admin', 'operator')
    .input(runInput)
    .meta({
      audit: auditAs(runInput, (i) => ({
        action: `ct.${i.action}`,
        target: `ct/${i.ctId}`,
        detail: { nodeId: i.nodeId, fast: i.fast },
        resultIds: JOB_IDS,
      })),
    })
    .mutation(({ ctx, input }) => requestCtAction(ctActions(ctx.services), input, ctx.viewer)),

  byId: procedureFor('admin', 'operator')
    .input(jobIdInput)
    .query(({ ctx, input }) => findCtActionJob(ctx.services.db, input.jobId)),

  /** The CT's last actions, newest first (no logs). */
  list: procedureFor('admin', 'operator', 'support')
    .input(ctInput)
    .query(({ ctx, input }) => listCtActionJobs(ctx.services.db, input.nodeId, input.ctId)),

  /** Replays the job's stored events after lastEventId, then streams new ones until it ends. */
  onProgress: procedureFor('admin', 'operator')
    .input(jobIdInput.extend({ lastEventId: z.string().regex(/^\d{1,15}$/).nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      let after = input.lastEventId ? Number(input.lastEventId) : 0;
      yield* pollWhileAuthorized(ctx, signal, {
        everyMs: 300,
        poll: async () => {
          const events = await findCtActionEventsAfter(ctx.services.db, input.jobId, after);
          if (events.length > 0) {
            after = events.at(-1)!.id;
            return { events: events.map((e) => tracked(String(e.id), { id: e.id, at: e.at, kind: e.kind, text: e.text, data: e.data })) };
          }
          const job = await findCtActionJob(ctx.services.db, input.jobId);
          return { events: [], done: !job || isFinished(job.status) };
        },
      });
    }),
});
