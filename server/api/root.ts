import { FALLBACK_POLL_INTERVAL_MS } from '../fleet/fleet-overview';
import { createCallerFactory, createTRPCRouter, publicProcedure } from './init';
import { containerRouter } from './routers/container';
import { fleetRouter } from './routers/fleet';
import { historyRouter } from './routers/history';
import { lookupRouter } from './routers/lookup';
import { nodeRouter } from './routers/node';

export const appRouter = createTRPCRouter({
  node: nodeRouter,
  container: containerRouter,
  fleet: fleetRouter,
  history: historyRouter,
  lookup: lookupRouter,
  system: createTRPCRouter({
    info: publicProcedure.query(({ ctx }) => ({
      dbKind: ctx.services.dbKind,
      demo: ctx.services.demo,
      /** The fleet default poll interval, for the node form's "empty = default" hint. */
      pollIntervalS: (ctx.services.pollIntervalMs ?? FALLBACK_POLL_INTERVAL_MS) / 1000,
    })),
  }),
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
