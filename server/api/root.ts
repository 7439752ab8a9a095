import { createCallerFactory, createTRPCRouter } from './init';
import { accountRouter } from './routers/account';
import { alarmRouter } from './routers/alarm';
import { auditRouter } from './routers/audit';
import { containerRouter } from './routers/container';
import { ctActionRouter } from './routers/ct-action';
import { ctProcessRouter } from './routers/ct-process';
import { fleetRouter } from './routers/fleet';
import { historyRouter } from './routers/history';
import { kioskRouter } from './routers/kiosk';
import { limitRouter } from './routers/limit';
import { lookupRouter } from './routers/lookup';
import { migrationRouter } from './routers/migration';
import { nodeRouter } from './routers/node';
import { securityRouter } from './routers/security';
import { systemRouter } from './routers/system';
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
  limit: limitRouter,
  system: systemRouter,
  ctAction: ctActionRouter,
  ctProcess: ctProcessRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
