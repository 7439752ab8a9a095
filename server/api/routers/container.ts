import { z } from 'zod';
import { listContainerEvents } from '../../fleet/failing-now';
import { findContainerDetail, listContainersOfNode } from '../../fleet/read-models';
import { ctIdSchema } from '../../ssh/commands';
import { createTRPCRouter, procedureFor } from '../init';

export const containerRouter = createTRPCRouter({
  listByNode: procedureFor('admin', 'operator', 'support')
    .input(z.object({ nodeId: z.number().int().positive() }))
    .query(({ ctx, input }) => listContainersOfNode(ctx.services.db, input.nodeId)),

  byId: procedureFor('admin', 'operator', 'support')
    .input(z.object({ nodeId: z.number().int().positive(), ctId: ctIdSchema.or(z.literal('0')) }))
    .query(({ ctx, input }) => findContainerDetail(ctx.services.db, input.nodeId, input.ctId, ctx.services.clock(), { defaultPollIntervalMs: ctx.services.pollIntervalMs })),

  /** The CT's failcnt increases over the last `days`, newest first. */
  events: procedureFor('admin', 'operator', 'support')
    .input(z.object({ nodeId: z.number().int().positive(), ctId: ctIdSchema.or(z.literal('0')), days: z.number().int().min(1).max(365).default(7) }))
    .query(({ ctx, input }) => {
      const now = ctx.services.clock();
      return listContainerEvents(ctx.services.db, input.nodeId, input.ctId, new Date(now.getTime() - input.days * 86_400_000), 500);
    }),
});
