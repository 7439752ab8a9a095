import { z } from 'zod';
import { FieldError } from '../../errors/general-errors';
import { nodeInputSchema } from '../../inventory/node-input';
import { acceptHostKey, insertNode, publicNode, removeNode, updateNode } from '../../inventory/nodes';
import { testNodeConnection } from '../../collector/connection-check';
import { findPollState } from '../../collector/poll-state';
import { findNodeCharts } from '../../read-models/node-charts';
import { findNodeDetail, listNodeSummaries } from '../../read-models/read-models';
import { FINGERPRINT_RE } from '../../ssh/fingerprint';
import { nodePoolKey } from '../../ssh/pool';
import { createTRPCRouter, procedureFor } from '../init';
import { nodeCapacityProcedures } from './node-capacity';

const nodeIdInput = z.object({ id: z.number().int().positive() });

export const nodeRouter = createTRPCRouter({
  list: procedureFor('admin', 'operator', 'support').query(({ ctx }) => listNodeSummaries(ctx.services.db)),

  byId: procedureFor('admin', 'operator', 'support').input(nodeIdInput).query(({ ctx, input }) => findNodeDetail(ctx.services.db, input.id, ctx.services.clock(), { defaultPollIntervalMs: ctx.services.pollIntervalMs })),

  /** Memory-overcommit and CPU-guarantee chart data of the latest snapshot. */
  charts: procedureFor('admin', 'operator', 'support').input(nodeIdInput).query(({ ctx, input }) => findNodeCharts(ctx.services.db, input.id)),

  create: procedureFor('admin').input(nodeInputSchema).mutation(async ({ ctx, input }) =>
    publicNode(await insertNode(ctx.services.db, input, ctx.services.secret, { keyDir: ctx.services.keyDir })),
  ),

  update: procedureFor('admin')
    .input(z.object({ id: z.number().int().positive(), values: nodeInputSchema }))
    .mutation(async ({ ctx, input }) => publicNode(await updateNode(ctx.services.db, input.id, input.values, ctx.services.secret, { keyDir: ctx.services.keyDir }))),

  remove: procedureFor('admin').input(nodeIdInput).mutation(async ({ ctx, input }) => {
    await removeNode(ctx.services.db, input.id);
    ctx.services.ssh.forget(nodePoolKey(input.id));
    return { id: input.id };
  }),

  testConnect: procedureFor('admin').input(nodeIdInput).mutation(({ ctx, input }) => testNodeConnection(ctx.services, input.id)),

  acceptHostKey: procedureFor('admin')
    .input(z.object({ id: z.number().int().positive(), fingerprint: z.string().regex(FINGERPRINT_RE) }))
    .mutation(async ({ ctx, input }) => {
      const poll = await findPollState(ctx.services.db, input.id);
      if (poll?.presentedFingerprint !== input.fingerprint) {
        throw new FieldError('fingerprint', 'the node did not present this fingerprint; run the connection test again');
      }
      const node = await acceptHostKey(ctx.services.db, input.id, input.fingerprint);
      // Start collecting at once instead of waiting for the next tick; its outcome lands in poll state.
      ctx.services.collector?.collectNow(node.id).catch(() => {});
      return publicNode(node);
    }),

  collectNow: procedureFor('admin', 'operator').input(nodeIdInput).mutation(async ({ ctx, input }) => {
    const c = ctx.services.collector;
    if (!c) throw new FieldError('id', 'the collector does not run in this process');
    const r = await c.collectNow(input.id);
    return r.ok ? { ok: true as const, health: r.health, problems: r.problems } : { ok: false as const, health: r.health, error: r.error };
  }),

  ...nodeCapacityProcedures,
});
