import { z } from 'zod';
import { listContainerEvents } from '../../read-models/failing-now';
import { findContainerDetail, listContainersOfNode } from '../../read-models/read-models';
import { findCtLineage } from '../../migration/lineage';
import { ctOrHostIdSchema, HOST_CT_ID } from '../../../vocabulary/ct-id';
import { createTRPCRouter, procedureFor } from '../init';

export const containerRouter = createTRPCRouter({
  listByNode: procedureFor('admin', 'operator', 'support')
    .input(z.object({ nodeId: z.number().int().positive() }))
    .query(({ ctx, input }) => listContainersOfNode(ctx.services.db, input.nodeId)),

  byId: procedureFor('admin', 'operator', 'support')
    .input(z.object({ nodeId: z.number().int().positive(), ctId: ctOrHostIdSchema }))
    .query(({ ctx, input }) => findContainerDetail(ctx.services.db, input.nodeId, input.ctId, ctx.services.clock(), { defaultPollIntervalMs: ctx.services.pollIntervalMs })),

  /** The CT's failcnt increases over the last `days`, newest first. */
  events: procedureFor('admin', 'operator', 'support')
    .input(z.object({ nodeId: z.number().int().positive(), ctId: ctOrHostIdSchema, days: z.number().int().min(1).max(365).default(7) }))
    .query(async ({ ctx, input }) => {
      const now = ctx.services.clock();
      const since = new Date(now.getTime() - input.days * 86_400_000);
      // A migrated CT is one container: its events on the nodes it came from continue here.
      const segments = input.ctId === HOST_CT_ID ? [{ nodeId: input.nodeId, until: null }] : await findCtLineage(ctx.services.db, input.nodeId, input.ctId);
      const parts = await Promise.all(segments.map(async (s) => (await listContainerEvents(ctx.services.db, s.nodeId, input.ctId, since, 500)).filter((e) => s.until === null || e.atMs <= s.until.getTime())));
      return parts.flat().sort((a, b) => b.atMs - a.atMs).slice(0, 500);
    }),
});
