import { z } from 'zod';
import { findContainerDetail, listContainersOfNode } from '../../fleet/read-models';
import { ctIdSchema } from '../../ssh/commands';
import { createTRPCRouter, publicProcedure } from '../init';

export const containerRouter = createTRPCRouter({
  listByNode: publicProcedure
    .input(z.object({ nodeId: z.number().int().positive() }))
    .query(({ ctx, input }) => listContainersOfNode(ctx.services.db, input.nodeId)),

  byId: publicProcedure
    .input(z.object({ nodeId: z.number().int().positive(), ctId: ctIdSchema.or(z.literal('0')) }))
    .query(({ ctx, input }) => findContainerDetail(ctx.services.db, input.nodeId, input.ctId)),
});
