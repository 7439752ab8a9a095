import { tracked } from '@trpc/server';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { findChangesSince } from '../../fleet/changes';
import { createTRPCRouter, publicProcedure } from '../init';

const CHECK_EVERY_MS = 2_000;

export const fleetRouter = createTRPCRouter({
  /**
   * One stream per browser tab: "these nodes have new data". Resumes after a reconnect from the
   * last event id (an ISO time), so nothing polled meanwhile is missed.
   */
  onChange: publicProcedure
    .input(z.object({ lastEventId: z.string().datetime().nullish() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      let since = input?.lastEventId ? new Date(input.lastEventId) : null;
      while (!signal?.aborted) {
        const change = await findChangesSince(ctx.services.db, since);
        if (change) {
          since = new Date(change.cursor);
          yield tracked(change.cursor, change);
        }
        await sleep(CHECK_EVERY_MS, undefined, { signal }).catch(() => undefined);
      }
    }),
});
