import { DEFAULT_POLL_INTERVAL_MS } from '../../vocabulary/poll-interval';
import { createCallerFactory, createTRPCRouter, procedureFor } from './init';
import { accountRouter } from './routers/account';
import { alarmRouter } from './routers/alarm';
import { auditRouter } from './routers/audit';
import { containerRouter } from './routers/container';
import { fleetRouter } from './routers/fleet';
import { historyRouter } from './routers/history';
import { kioskRouter } from './routers/kiosk';
import { lookupRouter } from './routers/lookup';
import { migrationRouter } from './routers/migration';
import { nodeRouter } from './routers/node';
import { securityRouter } from './routers/security';
import { userRouter } from './routers/user';

export const appRouter = createTRPCRouter({
  node: nodeRouter,
  container: containerRouter,
  fleet: fleetRouter,
  history: historyRouter,
  lookup: lookupRouter,
  user: userRouter,
  kiosk: kioskRouter,
  audit: auditRouter,
  security: securityRouter,
  account: accountRouter,
  migration: migrationRouter,
  alarm: alarmRouter,
  system: createTRPCRouter({
    info: procedureFor('admin', 'operator', 'support').query(({ ctx }) => ({
      dbKind: ctx.services.dbKind,
      demo: ctx.services.demo,
      /** The fleet default poll interval, for the node form's "empty = default" hint. */
      pollIntervalS: (ctx.services.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS) / 1000,
    })),
  }),
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
