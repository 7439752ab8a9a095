import { createCallerFactory, createTRPCRouter, publicProcedure } from './init';
import { containerRouter } from './routers/container';
import { fleetRouter } from './routers/fleet';
import { historyRouter } from './routers/history';
import { lookupRouter } from './routers/lookup';
import { migrationRouter } from './routers/migration';
import { nodeRouter } from './routers/node';

export const appRouter = createTRPCRouter({
  node: nodeRouter,
  container: containerRouter,
  fleet: fleetRouter,
  history: historyRouter,
  lookup: lookupRouter,
  migration: migrationRouter,
  system: createTRPCRouter({
    info: publicProcedure.query(({ ctx }) => ({ dbKind: ctx.services.dbKind, demo: ctx.services.demo })),
  }),
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
