import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationJobs } from '../../db/schema';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { startSimFleet, type SimFleet } from '../../sim/ssh/server';
import { createCaller } from '../api/root';
import { DEFAULT_HISTORY_TIERS } from '../history/tiers';
import { parseNumberArrayText } from '../history/sql-values';
import { selectRows } from '../../db/sql-rows';
import { insertNode } from '../inventory/nodes';
import type { Services } from '../services';
import { createTestServices } from '../test-services';
import { parseSecret } from '../ssh/key-vault';
import { collectNode } from './collect-node';
import type { NodeSnapshot } from './interpret';
import { createHistoryRecorder } from './history-recorder';

describe.each(TEST_ENGINES)('history of real polls on %s', (engine) => {
  const secret = parseSecret('03'.repeat(32));
  let t: TestDb;
  let fleet: SimFleet;
  let now = Date.UTC(2026, 10, 25, 10, 0, 5);
  let services: Services;

  beforeAll(async () => {
    t = await createTestDb(engine);
    fleet = await startSimFleet({ nodes: 1, basePort: 0, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-hist-')), ctsPerNode: 3, seed: 9, clock: () => now, workloads: false });
    services = createTestServices(t, { secret, connectTimeoutMs: 3000, commandTimeoutMs: 3000 }, {
      clock: () => new Date(now),
      history: createHistoryRecorder(t.db, DEFAULT_HISTORY_TIERS),
    });
  });
  afterAll(async () => {
    services?.ssh.closeAll();
    await fleet?.stop();
    await t?.drop();
  });

  it('averages polls into 1-minute buckets that charts read back with barrier and limit', async () => {
    const sim = fleet.nodes[0]!;
    const node = await insertNode(t.db, { name: 'h', host: sim.host, port: sim.port, authMethod: 'key-file', keyFile: fleet.clientKeyPath!, hostKeyFingerprint: sim.hostKeyFingerprint }, secret);
    await services.history!.maintain(new Date(now), [node.id]);
    const polls = [];
    for (let i = 0; i < 4; i++) {
      const r = await collectNode(services, node.id);
      expect(r.ok).toBe(true);
      if (r.ok) polls.push(r.snapshot);
      now += 15_000;
    }
    // Polls at 10:00:05–10:00:50; the 10:00 bucket stays open for 25 s of grace after 10:01.
    expect(await services.history!.flush(new Date(now))).toBe(0);
    expect(await services.history!.flush(new Date(now + 25_000))).toBe(1);
    const caller = createCaller({ services, headers: new Headers(), viewer: { kind: 'user', id: 'test-operator', role: 'operator', label: 'operator@test' } });
    const firstCt = (await caller.container.listByNode({ nodeId: node.id })).find((c) => c.status === 'running')!.ctId;
    const helds = polls.map((p) => p.beancounters.find((b) => b.ctId === firstCt)!.beancounters.find((b) => b.resource === 'privvmpages')!.held);
    const [series] = await caller.history.series({ nodeId: node.id, keys: [`ct/${firstCt}/privvmpages`], range: '1h' });
    expect(series!.points).toHaveLength(1);
    expect(series!.points[0]!.t).toBe(Date.UTC(2026, 10, 25, 10, 0, 0));
    expect(series!.barrier).toBeGreaterThan(0);
    const mean = helds.reduce((a, b) => a + b, 0) / helds.length;
    // float4 storage: ~7 significant digits
    expect(series!.points[0]!.avg! / mean).toBeCloseTo(1, 5);
    expect(series!.points[0]!.max).toBeGreaterThanOrEqual(series!.points[0]!.avg!);
  });

  it('continues a container\'s history across a live migration, reading each minute from the node it was on', async () => {
    const a = await insertNode(t.db, { name: 'mig-a', host: '127.0.0.1', authMethod: 'agent' }, secret);
    const b = await insertNode(t.db, { name: 'mig-b', host: '127.0.0.1', authMethod: 'agent' }, secret);
    const snap = (held: number): NodeSnapshot => ({
      beancounters: [{ ctId: '4242', beancounters: [{ resource: 'numproc', held, maxheld: held, barrier: 400, limit: 400, failcnt: 0 }] }],
      containers: [],
      cpu: null,
      memory: null,
      problems: [],
    });
    const t0 = Date.UTC(2026, 10, 25, 11, 0, 5);
    await services.history!.maintain(new Date(t0), [a.id, b.id]);
    services.history!.record(a.id, new Date(t0), snap(10)); // 11:00 on the source
    services.history!.record(b.id, new Date(t0), snap(77)); // an older CT 4242 on the target, before the move
    services.history!.record(b.id, new Date(t0 + 120_000), snap(30)); // 11:02 on the target
    await services.history!.flush(new Date(t0 + 240_000));
    await t.db.insert(migrationJobs).values({
      id: 'job-hist', ctId: '4242', sourceNodeId: a.id, targetNodeId: b.id, sourceName: 'mig-a', targetName: 'mig-b', online: true,
      status: 'succeeded', requestedBy: 'test', createdAt: new Date(t0 + 60_000), startedAt: new Date(t0 + 60_000), finishedAt: new Date(t0 + 90_000),
    });
    const before = now;
    now = t0 + 300_000;
    try {
      const caller = createCaller({ services, headers: new Headers(), viewer: { kind: 'user', id: 'test-operator', role: 'operator', label: 'operator@test' } });
      const [series] = await caller.history.series({ nodeId: b.id, keys: ['ct/4242/numproc'], range: '1h' });
      expect(series!.points.map((p) => p.avg)).toEqual([10, 30]);
      // Read on the source alone, it is just the source's minute.
      const [source] = await caller.history.series({ nodeId: a.id, keys: ['ct/4242/numproc'], range: '1h' });
      expect(source!.points.map((p) => p.avg)).toEqual([10]);
    } finally {
      now = before;
    }
  });

  it('keeps both parts of a minute that two instances polled (a hand-over, a restart), whichever writes first', async () => {
    const node = await insertNode(t.db, { name: 'handed-over', host: '127.0.0.1', authMethod: 'agent' }, secret);
    const snap = (held: number, extraCt = false): NodeSnapshot => ({
      beancounters: [
        { ctId: '5151', beancounters: [{ resource: 'numproc', held, maxheld: held, barrier: 400, limit: 400, failcnt: 0 }] },
        ...(extraCt ? [{ ctId: '5252', beancounters: [{ resource: 'numproc', held: 7, maxheld: 7, barrier: 100, limit: 100, failcnt: 0 }] }] : []),
      ],
      containers: [],
      cpu: null,
      memory: null,
      problems: [],
    });
    const caller = createCaller({ services, headers: new Headers(), viewer: { kind: 'user', id: 'test-operator', role: 'operator', label: 'operator@test' } });
    const before = now;
    try {
      for (const [i, together] of [false, true].entries()) {
        const t0 = Date.UTC(2026, 10, 25, 12 + i, 0, 5);
        await services.history!.maintain(new Date(t0), [node.id]);
        // The instance that held the node polls twice and stops (writing its open minute on the way
        // out); the one that took the node over polls twice more, once with a CT that just started.
        const giver = createHistoryRecorder(t.db, DEFAULT_HISTORY_TIERS);
        const taker = createHistoryRecorder(t.db, DEFAULT_HISTORY_TIERS);
        giver.record(node.id, new Date(t0), snap(10));
        giver.record(node.id, new Date(t0 + 15_000), snap(20));
        taker.record(node.id, new Date(t0 + 30_000), snap(30));
        taker.record(node.id, new Date(t0 + 45_000), snap(40, true));
        const flushes = [() => giver.flush(new Date(t0 + 20_000), { closeOpen: true }), () => taker.flush(new Date(t0 + 90_000))];
        if (together) expect(await Promise.all(flushes.map((f) => f()))).toEqual([1, 1]);
        else for (const f of flushes) expect(await f()).toBe(1);

        now = t0 + 120_000;
        const [kept, started] = await caller.history.series({ nodeId: node.id, keys: ['ct/5151/numproc', 'ct/5252/numproc'], range: '1h' });
        expect(kept!.points).toEqual([expect.objectContaining({ t: t0 - 5_000, avg: 25, max: 40 })]);
        expect(started!.points).toEqual([expect.objectContaining({ t: t0 - 5_000, avg: 7, max: 7 })]);
        const [row] = await selectRows<{ samples: number; counts: number[] | string | null }>(
          t.db,
          sql`select samples, counts from history_buckets where node_id = ${node.id} and resolution_s = 60 and bucket = ${new Date(t0 - 5_000).toISOString()}::timestamptz`,
        );
        expect(row!.samples).toBe(4);
        // Per series, the polls it was in: the new CT's one, every other series all four.
        const counts = parseNumberArrayText(typeof row!.counts === 'string' ? row!.counts : row!.counts && `{${row!.counts.join(',')}}`);
        expect(counts!.filter((c) => c !== 4)).toEqual([1]);
      }
    } finally {
      now = before;
    }
  });

  it('refuses series keys that are not keys', async () => {
    const caller = createCaller({ services, headers: new Headers(), viewer: { kind: 'user', id: 'test-operator', role: 'operator', label: 'operator@test' } });
    await expect(caller.history.series({ nodeId: 1, keys: ["ct/101/x'; drop table nodes;--"], range: '1h' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
