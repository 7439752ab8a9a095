/**
 * Benchmark: how many alarm messages the demo fleet sends per hour under the simulator's default
 * workloads (daily cycle, bursts, a leaking CT, a fork bomb, a restarting CT), with the default
 * rules, to one channel sending each message and one batching them in 10-minute digests. Run by hand:
 *
 *   npx tsx bench/alarms/messages-per-hour.ts [--nodes 4] [--hours 3] [--interval-s 15]
 *
 * The simulator and vzfleet share a simulated clock stepped by one poll interval per round, so
 * hours pass in minutes. Every poll is the real thing: SSH to the simulated node, parse, store in
 * PGlite, evaluate the node's alarms, send due messages to a real loopback webhook receiver.
 * Prints, per simulated hour, incidents opened and resolved by rule and messages received.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../../db/client';
import { migrateDb } from '../../db/migrate';
import { alarmIncidents } from '../../db/schema';
import { createChannel } from '../../server/alarms/delivery/channels';
import { dispatchDueDeliveries } from '../../server/alarms/delivery/outbox';
import { startHttpReceiver } from '../../server/alarms/delivery/test-receivers';
import { evaluateNodeAlarms } from '../../server/alarms/evaluate-node';
import { collectNode, type CollectorDeps, type LatestEntry } from '../../server/collector/collect-node';
import { insertNode } from '../../server/inventory/nodes';
import { parseSecret } from '../../server/ssh/key-vault';
import { SshPool } from '../../server/ssh/pool';
import { startSimFleet } from '../../sim/ssh/server';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '4' }, hours: { type: 'string', default: '3' }, 'interval-s': { type: 'string', default: '15' } } });
const nodeCount = Number(values.nodes);
const hours = Number(values.hours);
const intervalMs = Number(values['interval-s']) * 1000;

const secret = parseSecret('77'.repeat(32));
let now = Date.parse('2026-12-04T00:00:00Z');
const clock = () => new Date(now);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-alarm-bench-'));

const handle = openDb({ kind: 'pglite' });
await migrateDb(handle);
const db = handle.db;
const fleet = await startSimFleet({ nodes: nodeCount, basePort: 0, dataDir, seed: 42, clock: () => now });
const receiver = await startHttpReceiver();
await createChannel(db, secret, { name: 'ops', kind: 'webhook', config: { url: `${receiver.url}/alarm` }, secret: { hmacSecret: 'bench-hmac-secret-0123' }, minSeverity: 'info' }, clock());
await createChannel(db, secret, { name: 'ops-digest', kind: 'webhook', config: { url: `${receiver.url}/digest` }, secret: { hmacSecret: 'bench-hmac-secret-0123' }, minSeverity: 'info', batchMinutes: 10 }, clock());
const count = (p: string) => receiver.requests.filter((r) => r.path === p).length;
const ids: number[] = [];
for (const [i, n] of fleet.nodes.entries()) {
  const row = await insertNode(db, { name: `demo-${i}`, host: n.host, port: n.port, sshUser: 'root', authMethod: 'key-file', keyFile: fleet.clientKeyPath!, hostKeyFingerprint: n.hostKeyFingerprint }, secret);
  ids.push(row.id);
}
const pool = new SshPool({ connectTimeoutMs: 5000 });
const deps: CollectorDeps = { db, ssh: pool, clock, secret, commandTimeoutMs: 10_000, latest: new Map<number, LatestEntry>(), fullEvery: 4 };

const started = Date.now();
const evalMs: number[] = [];
console.log(`alarms bench: ${nodeCount} nodes × ${fleet.nodes[0]!.model.containers.length} CTs, poll every ${intervalMs / 1000} s, ${hours} simulated hours`);
for (let h = 0; h < hours; h++) {
  const hourStart = new Date(now);
  const before = { single: count('/alarm'), digest: count('/digest') };
  for (let t = 0; t < 3_600_000; t += intervalMs) {
    for (const id of ids) {
      await collectNode(deps, id);
      const t0 = performance.now();
      await evaluateNodeAlarms({ db, clock, pollIntervalMs: intervalMs }, id);
      evalMs.push(performance.now() - t0);
    }
    await dispatchDueDeliveries({ db, secret, clock });
    now += intervalMs;
  }
  const rows = await db.select().from(alarmIncidents);
  const opened = rows.filter((r) => r.openedAt >= hourStart && r.openedAt < new Date(now));
  const resolved = rows.filter((r) => r.resolvedAt && r.resolvedAt >= hourStart && r.resolvedAt < new Date(now));
  const byRule = (list: typeof rows) => {
    const counts = new Map<string, number>();
    for (const r of list) counts.set(r.rule, (counts.get(r.rule) ?? 0) + 1);
    return [...counts].map(([k, v]) => `${k} ${v}`).join(', ') || '-';
  };
  console.log(`hour ${h + 1} (sim ${hourStart.toISOString().slice(11, 16)} UTC): messages ${count('/alarm') - before.single} (batched 10 min: ${count('/digest') - before.digest}); opened ${opened.length} (${byRule(opened)}); resolved ${resolved.length} (${byRule(resolved)}); open at end ${rows.filter((r) => !r.resolvedAt).length}`);
}
evalMs.sort((a, b) => a - b);
console.log(`wall time ${((Date.now() - started) / 1000).toFixed(0)} s; evaluation per poll p50 ${evalMs[Math.floor(evalMs.length / 2)]!.toFixed(1)} ms, p99 ${evalMs[Math.floor(evalMs.length * 0.99)]!.toFixed(1)} ms (PGlite)`);
for (const r of (await db.select().from(alarmIncidents)).slice(0, 40)) console.log(`  ${r.openedAt.toISOString().slice(11, 19)}–${r.resolvedAt?.toISOString().slice(11, 19) ?? 'open    '} ${r.severity.padEnd(8)} ${r.title}`);
pool.closeAll();
await fleet.stop();
await receiver.stop();
await handle.close();
fs.rmSync(dataDir, { recursive: true, force: true });
