import { z } from 'zod';
import { lookupContainers } from '../../read-models/lookup';
import { createTRPCRouter, procedureFor } from '../init';

/** The support desk: read-only. */
export const lookupRouter = createTRPCRouter({
  /** CT id prefix, hostname or IP fragment → matching containers with their verdicts. */
  search: procedureFor('admin', 'operator', 'support')
    .input(z.object({ q: z.string().max(200).refine((v) => !v.includes('\0'), 'no NUL characters') }))
    .query(({ ctx, input }) => lookupContainers(ctx.services.db, input.q, ctx.services.clock(), { defaultPollIntervalMs: ctx.services.pollIntervalMs })),
});
