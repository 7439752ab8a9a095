import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { env } from '../env';
import { openDb } from '../db/client';
import { acquireDataDirLock } from '../db/data-dir-lock';
import { migrateDb } from '../db/migrate';
import { startAlarms } from './alarms/service';
import { startCollector } from './collector/scheduler';
import { listenForReleasedLeases } from './collector/lease-signals';
import { nodes } from '../db/schema';
import { startMigrations } from './migration/boot';
import { startCtActions } from './ct-actions/boot';
import { thresholdsSchema } from './migration/model';
import { createServices, servicesConfigFromEnv, type Services } from './services';
import { setupToken } from './auth/setup-token';
import { countUsers } from './auth/users';
import { loadVerifiedSecret } from './ssh/secret-check';

const KEY = Symbol.for('vzfleet.services');
type Holder = { [KEY]?: Promise<Services> };

/**
 * The process's one set of services. Kept on globalThis because Next may load this module more than
 * once (instrumentation and route bundles), and PGlite must be opened exactly once per process.
 */
export function getServices(): Promise<Services> {
  const holder = globalThis as Holder;
  holder[KEY] ??= bootServices().catch((err: unknown) => {
    delete holder[KEY];
    throw err;
  });
  return holder[KEY];
}

async function bootServices(): Promise<Services> {
  const target = env.DATABASE_URL
    ? ({ kind: 'postgres', url: env.DATABASE_URL } as const)
    : ({ kind: 'pglite', dataDir: env.VZFLEET_DATA_DIR } as const);
  if (target.kind === 'pglite') acquireDataDirLock(env.VZFLEET_DATA_DIR, 'vzfleet server');
  const handle = openDb(target);
  await migrateDb(handle);
  const secret = await loadVerifiedSecret(handle.db, env.VZFLEET_DATA_DIR, env.VZFLEET_SECRET);
  const services = createServices(servicesConfigFromEnv(env, handle, secret, true));
  services.closeDb = handle.close;
  await announceSetupToken(services.db);
  const wantDemo = env.VZFLEET_DEMO === 'on' || (env.VZFLEET_DEMO === 'auto' && !env.DATABASE_URL);
  if (wantDemo) {
    // Loaded only now: a production start without the demo never loads the simulator.
    const { startDemoFleet } = await import('./demo');
    services.demo = await startDemoFleet(services.db, {
      nodes: env.VZFLEET_DEMO_NODES,
      dataDir: path.join(env.VZFLEET_DATA_DIR, 'demo-sim'),
      force: env.VZFLEET_DEMO === 'on',
      secret: services.secret,
    });
    if (services.demo) await startDemoChannels(services);
  }
  if (env.VZFLEET_COLLECTOR === 'on') {
    startHistoryTimers(services);
    services.alarms = startAlarms({ db: services.db, secret: services.secret, clock: services.clock, pollIntervalMs: env.VZFLEET_POLL_INTERVAL_S * 1000, publicUrl: env.VZFLEET_PUBLIC_URL });
    const owner = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    services.collector = startCollector(services, {
      intervalMs: env.VZFLEET_POLL_INTERVAL_S * 1000,
      concurrency: env.VZFLEET_POLL_CONCURRENCY,
      // On a shared Postgres several instances split the fleet; PGlite is one process anyway. One
      // interval of TTL (three renewals at least): a dead instance's nodes are polled again by
      // another within two intervals (TTL, one lease round, then caught up within one more: scheduler.ts).
      leases: handle.kind === 'postgres' ? { owner, ttlMs: Math.max(15_000, env.VZFLEET_POLL_INTERVAL_S * 1000) } : undefined,
      onError: (nodeId, err) => console.error(`vzfleet: poll of node ${nodeId} failed:`, err),
      // Evaluated by the instance that polled (and leases) the node: once per poll fleet-wide.
      onResult: (nodeId) => void services.alarms?.afterPoll(nodeId),
    });
    // A stopping instance's nodes are claimed as it gives them back (server/shutdown.ts), not up to a lease round later.
    if (env.DATABASE_URL) {
      services.leaseSignals = listenForReleasedLeases(env.DATABASE_URL, (from) => from !== owner && services.collector?.claimNow(), {
        onError: (err) => console.error('vzfleet: listening for lease hand-overs failed (retrying):', err instanceof Error ? err.message : err),
      });
    }
  }
  services.migrations = startMigrations(services, {
    thresholds: thresholdsSchema.parse({
      memInUse: env.VZFLEET_PLACEMENT_MAX_MEM_IN_USE,
      memPromiseOverFleet: env.VZFLEET_PLACEMENT_MEM_PROMISE_OVER_FLEET,
      memPromiseCeiling: env.VZFLEET_PLACEMENT_MAX_MEM_PROMISE,
      cpuGuarantee: env.VZFLEET_PLACEMENT_MAX_CPU_GUARANTEE,
    }),
    perNodeLimit: env.VZFLEET_MIGRATIONS_PER_NODE,
    owner: `${os.hostname()}:${process.pid}`,
  });
  services.ctActions = startCtActions(services, { owner: `${os.hostname()}:${process.pid}` });
  console.log(
    `vzfleet: ${handle.kind === 'pglite' ? `embedded PGlite in ${env.VZFLEET_DATA_DIR}` : 'Postgres'}` +
      (services.demo ? `, demo fleet of ${services.demo.nodes} simulated nodes` : ''),
  );
  return services;
}

/**
 * Closed buckets are written once per sweep; rollups and partition upkeep every 5 minutes. With
 * several instances each rolls up the nodes it holds (any instance may: a rollup reads the stored
 * finer rows, whoever wrote them), so the fleet's rollups are split like its polls, not repeated
 * by each (1000 nodes: ~12 s of rollup work per 30 minutes, bench/history).
 */
function startHistoryTimers(services: Services): void {
  const history = services.history;
  if (!history) return;
  const log = (what: string) => (err: unknown) => console.error(`vzfleet: history ${what} failed:`, err);
  const maintain = async () => {
    const held = services.collector?.heldNodes() ?? null;
    const ids = held ? [...held] : (await services.db.select({ id: nodes.id }).from(nodes)).map((r) => r.id);
    await history.maintain(services.clock(), ids);
  };
  maintain().catch(log('maintenance'));
  setInterval(() => void history.flush(services.clock()).catch(log('write')), 15_000).unref();
  setInterval(() => void maintain().catch(log('maintenance')), 5 * 60_000).unref();
}

/** While no account exists, the log shows how to create the first admin from another machine. */
async function announceSetupToken(db: Services['db']): Promise<void> {
  if ((await countUsers(db)) > 0) return;
  console.log(`vzfleet: no account yet. Open /setup in a browser on this machine, or elsewhere with the setup token: ${setupToken()}`);
}

/** The demo's alarm channels, when the environment configures them (server/alarms/demo-channels.ts). */
async function startDemoChannels(services: Services): Promise<void> {
  const { ensureDemoChannels } = await import('./alarms/demo-channels');
  const r = await ensureDemoChannels(
    services.db,
    services.secret,
    {
      smtpUrl: env.VZFLEET_ALARM_SMTP_URL,
      emailFrom: env.VZFLEET_ALARM_EMAIL_FROM,
      emailTo: env.VZFLEET_ALARM_EMAIL_TO,
      webhookUrl: env.VZFLEET_ALARM_WEBHOOK_URL,
      webhookSecret: env.VZFLEET_ALARM_WEBHOOK_SECRET,
    },
    services.clock(),
  );
  for (const why of r.skipped) console.warn(`vzfleet: ${why}`);
  if (r.created.length || r.updated.length) console.log(`vzfleet: demo alarm channels: ${[...r.created, ...r.updated].join(', ')}`);
}
