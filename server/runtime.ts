import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { env } from '../env';
import { openDb } from '../db/client';
import { acquireDataDirLock } from '../db/data-dir-lock';
import { migrateDb } from '../db/migrate';
import { startAlarms } from './alarms/service';
import { createHistoryRecorder } from './collector/history-recorder';
import { startCollector } from './collector/scheduler';
import { nodes } from '../db/schema';
import { parseHistoryTiers } from './history/tiers';
import { startDemoFleet } from './demo';
import { startMigrations } from './migration/boot';
import type { Services } from './services';
import { loadVerifiedSecret } from './ssh/secret-check';
import { SshPool } from './ssh/pool';

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
  const historyTiers = parseHistoryTiers(env.VZFLEET_HISTORY_TIERS);
  const services: Services = {
    db: handle.db,
    dbKind: handle.kind,
    ssh: new SshPool({ connectTimeoutMs: env.VZFLEET_SSH_CONNECT_TIMEOUT_MS, maxHandshakes: env.VZFLEET_SSH_MAX_HANDSHAKES }),
    secret: await loadVerifiedSecret(handle.db, env.VZFLEET_DATA_DIR, env.VZFLEET_SECRET),
    publicUrl: env.VZFLEET_PUBLIC_URL,
    loginPerMinute: env.VZFLEET_LOGIN_PER_MINUTE,
    agentSocket: process.env.SSH_AUTH_SOCK,
    clock: () => new Date(),
    pollIntervalMs: env.VZFLEET_POLL_INTERVAL_S * 1000,
    commandTimeoutMs: env.VZFLEET_SSH_COMMAND_TIMEOUT_MS,
    latest: new Map(),
    fullEvery: env.VZFLEET_FULL_POLL_EVERY,
    historyTiers,
    history: createHistoryRecorder(handle.db, historyTiers),
    collector: null,
    demo: null,
  };
  const wantDemo = env.VZFLEET_DEMO === 'on' || (env.VZFLEET_DEMO === 'auto' && !env.DATABASE_URL);
  if (wantDemo) {
    services.demo = await startDemoFleet(services.db, {
      nodes: env.VZFLEET_DEMO_NODES,
      dataDir: path.join(env.VZFLEET_DATA_DIR, 'demo-sim'),
      force: env.VZFLEET_DEMO === 'on',
    });
  }
  if (env.VZFLEET_COLLECTOR === 'on') {
    startHistoryTimers(services);
    services.alarms = startAlarms({ db: services.db, secret: services.secret, clock: services.clock, pollIntervalMs: env.VZFLEET_POLL_INTERVAL_S * 1000, publicUrl: env.VZFLEET_PUBLIC_URL });
    services.collector = startCollector(services, {
      intervalMs: env.VZFLEET_POLL_INTERVAL_S * 1000,
      concurrency: env.VZFLEET_POLL_CONCURRENCY,
      // On a shared Postgres several instances split the fleet; PGlite is one process anyway.
      leases:
        handle.kind === 'postgres'
          ? { owner: `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`, ttlMs: 2 * env.VZFLEET_POLL_INTERVAL_S * 1000 }
          : undefined,
      onError: (nodeId, err) => console.error(`vzfleet: poll of node ${nodeId} failed:`, err),
      // Evaluated by the instance that polled (and leases) the node: once per poll fleet-wide.
      onResult: (nodeId) => void services.alarms?.afterPoll(nodeId),
    });
  }
  services.migrations = startMigrations(services, {
    thresholds: { memCommit: env.VZFLEET_MIGRATION_MAX_MEM_COMMIT, cpuCommit: env.VZFLEET_MIGRATION_MAX_CPU_COMMIT, diskReserveKb: 1024 * 1024 },
    perNodeLimit: env.VZFLEET_MIGRATIONS_PER_NODE,
    owner: `${os.hostname()}:${process.pid}`,
  });
  console.log(
    `vzfleet: ${handle.kind === 'pglite' ? `embedded PGlite in ${env.VZFLEET_DATA_DIR}` : 'Postgres'}` +
      (services.demo ? `, demo fleet of ${services.demo.nodes} simulated nodes` : ''),
  );
  return services;
}

/** Closed buckets are written once per sweep; rollups and partition upkeep every 5 minutes. */
function startHistoryTimers(services: Services): void {
  const history = services.history;
  if (!history) return;
  const log = (what: string) => (err: unknown) => console.error(`vzfleet: history ${what} failed:`, err);
  const maintain = async () => {
    const ids = (await services.db.select({ id: nodes.id }).from(nodes)).map((r) => r.id);
    await history.maintain(services.clock(), ids);
  };
  maintain().catch(log('maintenance'));
  setInterval(() => void history.flush(services.clock()).catch(log('write')), 15_000).unref();
  setInterval(() => void maintain().catch(log('maintenance')), 5 * 60_000).unref();
}
