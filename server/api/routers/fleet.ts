import { tracked } from '@trpc/server';
import { z } from 'zod';
import { findChangesSince } from '../../read-models/changes';
import { listFailingNow } from '../../read-models/failing-now';
import { listFleetOverviewRows } from '../../read-models/fleet-overview-rows';
import { createTRPCRouter, procedureFor } from '../init';
import { pollWhileAuthorized } from '../live-streams';

const CHECK_EVERY_MS = 2_000;

export const fleetRouter = createTRPCRouter({
  /**
   * Every node's summary for the overview and the wall screen (only what they draw), worst first
   * left to the views. The same for every role, so viewers who ask within SHARED_READ_MS share one read.
   */
  overview: procedureFor('admin', 'operator', 'support', 'wall').query(({ ctx }) => {
    const { db, clock, pollIntervalMs, sharedReads } = ctx.services;
    const load = () => listFleetOverviewRows(db, clock(), { defaultPollIntervalMs: pollIntervalMs });
    return sharedReads ? sharedReads.read('fleet.overview', load) : load();
  }),

  /** "Who is failing now": containers whose failcnt rose in the window, newest first. */
  failing: procedureFor('admin', 'operator', 'support')
    .input(z.object({ windowMinutes: z.number().int().min(1).max(24 * 60).default(60), limit: z.number().int().min(1).max(500).default(100) }).optional())
    .query(({ ctx, input }) => listFailingNow(ctx.services.db, ctx.services.clock(), (input?.windowMinutes ?? 60) * 60_000, input?.limit ?? 100)),

  /**
   * One stream per browser tab: "these nodes have new data". Resumes after a reconnect from the
   * last event id (an ISO time), so nothing polled meanwhile is missed.
   */
  onChange: procedureFor('admin', 'operator', 'support', 'wall')
    .input(z.object({ lastEventId: z.string().datetime().nullish() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      let since = input?.lastEventId ? new Date(input.lastEventId) : null;
      // A revoked session or kiosk token stops receiving at once, not at the next reconnect.
      yield* pollWhileAuthorized(ctx, signal, {
        everyMs: CHECK_EVERY_MS,
        // One change event per interval at most: each one makes every open page refetch.
        paced: true,
        poll: async () => {
          const change = await findChangesSince(ctx.services.db, since, ctx.services.sharedReads);
          if (!change) return { events: [] };
          since = new Date(change.cursor);
          return { events: [tracked(change.cursor, change)] };
        },
      });
    }),
});
