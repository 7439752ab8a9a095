/**
 * One collector process of `collector-load.ts --processes N` (not run by hand): polls the nodes it
 * holds leases on, like a vzfleet instance on a shared Postgres, and reports each poll and its CPU
 * and RSS to the parent over IPC.
 *
 *   node --import tsx bench/collector/collector-worker.ts <db-url> <key-dir> <owner> <interval-ms>
 */
import { openDb } from '../../db/client';
import { inProcessCollectorState } from '../../server/services';
import { startCollector } from '../../server/collector/scheduler';
import { listenForReleasedLeases } from '../../server/collector/lease-signals';
import { DEFAULT_HISTORY_TIERS } from '../../server/history/tiers';
import { parseSecret } from '../../server/ssh/key-vault';
import { SshPool } from '../../server/ssh/pool';
import { describeShutdown, shutDownServices } from '../../server/shutdown';

export type WorkerMessage =
  | { kind: 'poll'; nodeId: number; at: number; startedAt: number; ok: boolean; durationMs: number }
  | { kind: 'usage'; cpuUs: number; rss: number };

const [dbUrl, keyDir, owner, intervalText] = process.argv.slice(2) as [string, string, string, string];
const intervalMs = Number(intervalText);
const send = (m: WorkerMessage) => process.send?.(m);

const handle = openDb({ kind: 'postgres', url: dbUrl });
const pool = new SshPool({ connectTimeoutMs: 30_000, maxHandshakes: 24 });
// The collector's state as the server keeps it (server/services.ts).
const state = inProcessCollectorState(handle.db, DEFAULT_HISTORY_TIERS);
const history = state.history!;
const services = { db: handle.db, ssh: pool, clock: () => new Date(), secret: parseSecret('05'.repeat(32)), keyDir, commandTimeoutMs: 20_000, fullEvery: 4, ...state };
const collector = startCollector(services, {
  intervalMs,
  concurrency: 256,
  // As server/runtime.ts: a lease outlives one interval, renewed every 5 s.
  leases: { owner, ttlMs: intervalMs },
  onResult: (nodeId, r, slot) => send({ kind: 'poll', nodeId, at: Date.now(), startedAt: slot.startedAt, ok: r.ok, durationMs: r.durationMs }),
});
// As server/runtime.ts: a stopping process's nodes are claimed as it gives them back.
const signals = listenForReleasedLeases(dbUrl, (from) => from !== owner && collector.claimNow());
const flushTimer = setInterval(() => void history.flush(new Date()), intervalMs);
const usageTimer = setInterval(() => {
  const c = process.cpuUsage();
  send({ kind: 'usage', cpuUs: c.user + c.system, rss: process.memoryUsage().rss });
}, 1000);
process.on('SIGTERM', () => {
  clearInterval(flushTimer);
  clearInterval(usageTimer);
  // The server's way out (server/shutdown.ts): polls under way stored, nodes given back, open history written.
  void shutDownServices({ ...services, collector, leaseSignals: signals, closeDb: handle.close }, { pollWaitMs: 5_000 })
    .then((r) => r.failures.length && console.error(describeShutdown(r)))
    .finally(() => process.exit(0));
});
