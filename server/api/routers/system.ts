import { DEFAULT_POLL_INTERVAL_MS } from '../../../vocabulary/poll-interval';
import { createTRPCRouter, procedureFor } from '../init';

/** What the pages need to know about this process: database kind, demo mode, the fleet poll default. */
export const systemRouter = createTRPCRouter({
  info: procedureFor('admin', 'operator', 'support').query(({ ctx }) => ({
    dbKind: ctx.services.dbKind,
    demo: ctx.services.demo,
    /** The fleet default poll interval, for the node form's "empty = default" hint. */
    pollIntervalS: (ctx.services.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS) / 1000,
  })),
});
