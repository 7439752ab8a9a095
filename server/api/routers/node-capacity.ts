import { z } from 'zod';
import { findCapacityView, nodeCapacityInputSchema, upsertRecordedCapacity } from '../../inventory/node-capacity';
import { viewerLabel } from '../../migration/service';
import { procedureFor } from '../init';

const nodeId = z.number().int().positive();

/** A node's real capacity (RAM, swap, /vz, CPU power) as an admin recorded it; part of the node router. */
export const nodeCapacityProcedures = {
  /** Recorded capacity, what the node last claimed, and the figures that disagree. */
  capacity: procedureFor('admin', 'operator', 'support')
    .input(z.object({ id: nodeId }))
    .query(({ ctx, input }) => findCapacityView(ctx.services.db, input.id)),

  /** The audit middleware records who set which figures. */
  setCapacity: procedureFor('admin')
    .input(z.object({ id: nodeId, values: nodeCapacityInputSchema }))
    .mutation(async ({ ctx, input }) => {
      await upsertRecordedCapacity(ctx.services.db, input.id, input.values, viewerLabel(ctx.viewer), ctx.services.clock());
      return findCapacityView(ctx.services.db, input.id);
    }),
};
