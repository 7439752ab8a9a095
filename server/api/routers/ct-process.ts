import { z } from 'zod';
import { ctIdSchema } from '../../../vocabulary/ct-id';
import { readCtProcesses } from '../../ct-actions/processes';
import { createTRPCRouter, procedureFor } from '../init';

export const ctProcessRouter = createTRPCRouter({
  /**
   * The CT's top processes by memory and by CPU, read on its node with vzps (never inside the CT).
   * Read-only, for support as well: "what is eating the memory" is a support question.
   */
  top: procedureFor('admin', 'operator', 'support')
    .input(z.object({ nodeId: z.number().int().positive(), ctId: ctIdSchema }))
    .query(({ ctx, input }) => readCtProcesses(ctx.services, input.nodeId, input.ctId)),
});
