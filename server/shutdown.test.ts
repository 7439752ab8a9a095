import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeLeases, nodes } from '../db/schema';
import { selectRows } from '../db/sql-rows';
import { createTestDb, TEST_ENGINES, type TestDb } from '../db/test-databases';
import { startSimFleet, type SimFleet } from '../sim/ssh/server';
import { createHistoryRecorder } from './collector/history-recorder';
import { LEASE_SIGNALS_APPLICATION, listenForReleasedLeases } from './collector/lease-signals';
import { startCollector } from './collector/scheduler';
import { DEFAULT_HISTORY_TIERS } from './history/tiers';
import { insertNode } from './inventory/nodes';
import { parseSecret } from './ssh/key-vault';
import { describeShutdown, shutDownServices } from './shutdown';
import { createTestServices } from './test-services';
import { until } from './test-until';

describe.each(TEST_ENGINES)('a clean stop of the server on %s', (engine) => {
  const secret = parseSecret('07'.repeat(32));
  let t: TestDb;
  let fleet: SimFleet;
  beforeAll(async () => {
    t = await createTestDb(engine);
    fleet = await startSimFleet({ nodes: 2, basePort: 0, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-stop-')), ctsPerNode: 3, seed: 4, workloads: false });
  });
  afterAll(async () => {
    await fleet?.stop();
    await t?.drop();
  });

  it('stores the polls under way, gives the nodes back, writes the open history minute and closes the database', async () => {
    const ids = [];
    for (const [i, sim] of fleet.nodes.entries()) {
      ids.push((await insertNode(t.db, { name: `stop-${i}`, host: sim.host, port: sim.port, authMethod: 'key-file', keyFile: fleet.clientKeyPath!, hostKeyFingerprint: sim.hostKeyFingerprint }, secret)).id);
    }
    const history = createHistoryRecorder(t.db, DEFAULT_HISTORY_TIERS);
    const closed: string[] = [];
    const services = createTestServices(t, { secret, connectTimeoutMs: 3000, commandTimeoutMs: 3000 }, { history, closeDb: async () => void closed.push('db') });
    await history.maintain(new Date(), ids);
    const polled = new Set<number>();
    const owner = 'stopping-instance';
    let firstPolls!: () => void;
    const bothPolled = new Promise<void>((r) => (firstPolls = r));
    services.collector = startCollector(services, {
      intervalMs: 1_000,
      concurrency: 4,
      tickMs: 100,
      leases: engine === 'postgres' ? { owner, ttlMs: 60_000 } : undefined,
      onResult: (id, r) => {
        expect(r.ok).toBe(true);
        polled.add(id);
        if (polled.size === ids.length) firstPolls();
      },
    });
    // On Postgres the instance also listens for hand-overs, on a connection of its own.
    const listening = () => selectRows<{ n: number }>(t.db, sql`select count(*)::int as n from pg_stat_activity where application_name = ${LEASE_SIGNALS_APPLICATION} and datname = current_database()`).then((r) => r[0]!.n);
    if (t.url) {
      services.leaseSignals = listenForReleasedLeases(t.url, () => undefined);
      expect(await until(async () => (await listening()) === 1, 3_000)).toBe(true);
    }
    await bothPolled;

    const report = await shutDownServices(services, { pollWaitMs: 3_000 });
    expect(report.failures).toEqual([]);
    expect(report.pollsUnfinished).toBe(0);
    // At least each node's open minute (one more if a minute ended while it ran and was not flushed).
    expect(report.historyBuckets).toBeGreaterThanOrEqual(ids.length);
    const [stored] = await selectRows<{ n: number }>(t.db, sql`select count(*)::int as n from history_buckets where resolution_s = 60`);
    expect(stored!.n).toBe(report.historyBuckets);
    expect(await t.db.select().from(nodeLeases).where(eq(nodeLeases.owner, owner))).toEqual([]);
    expect(closed).toEqual(['db']);
    // Closed, not left for the process's exit to drop (Postgres would log an unexpected EOF).
    if (t.url) expect(await until(async () => (await listening()) === 0, 3_000)).toBe(true);
    expect(describeShutdown(report)).toMatch(/^vzfleet: stopped in \d+ ms, \d+ history buckets written$/);
    await t.db.delete(nodes);
  });

  it('exits in time past a poll that hangs, and runs every step past one that fails', async () => {
    // A node that accepts TCP and never speaks SSH: its poll waits out the connect timeout.
    const held: net.Socket[] = [];
    let connected!: () => void;
    const hanging = new Promise<void>((r) => (connected = r));
    const silent = net.createServer((sock) => {
      held.push(sock);
      connected();
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    await t.db.insert(nodes).values({ name: 'silent', host: '127.0.0.1', port: (silent.address() as net.AddressInfo).port, authMethod: 'agent', hostKeyFingerprint: 'SHA256:' + 's'.repeat(43) });
    const closed: string[] = [];
    const services = createTestServices(t, { secret, connectTimeoutMs: 30_000, commandTimeoutMs: 30_000 }, {
      agentSocket: '/nonexistent', // the poll connects, then waits for an SSH greeting that never comes
      history: { record: () => undefined, flush: () => Promise.reject(new Error('no space left on device')), maintain: async () => undefined },
      closeDb: async () => void closed.push('db'),
    });
    services.collector = startCollector(services, { intervalMs: 1_000, concurrency: 4, tickMs: 100 });
    try {
      await hanging;
      const started = Date.now();
      const report = await shutDownServices(services, { pollWaitMs: 300 });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(report.pollsUnfinished).toBe(1);
      expect(report.failures).toEqual(['history: no space left on device']);
      expect(closed).toEqual(['db']);
      expect(describeShutdown(report)).toContain('1 poll cut short, failed: history: no space left on device');
    } finally {
      services.ssh.closeAll();
      for (const sock of held) sock.destroy();
      silent.close();
      await t.db.delete(nodes);
    }
  });
});
