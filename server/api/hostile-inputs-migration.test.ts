import { describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../../db/test-databases';
import { migrationJobs, migrationPlans, nodeCapacity } from '../../db/schema';
import { HOSTILE_NUMBERS, HOSTILE_STRINGS, outcome, useHostileFixture } from './test-hostile-fixture';

describe.each(TEST_ENGINES)('hostile input to migration plans, pre-checks, streams and recorded capacity on %s', (engine) => {
  const fx = useHostileFixture(engine, 'victim');

  it('approvePlan takes only a plan id (a uuid), a bounded concurrency and an override reason', async () => {
    const { t, caller, nodeId } = fx;
    for (const s of HOSTILE_STRINGS) {
      expect(await outcome(() => caller.migration.approvePlan({ planId: s })), s.slice(0, 30)).toBe('BAD_REQUEST');
      const r = await outcome(() => caller.migration.approvePlan({ planId: '00000000-0000-4000-8000-000000000000', overrideReason: s }));
      expect(r, s.slice(0, 30)).toMatch(s.trim().length < 10 || s.length > 1000 ? /^BAD_REQUEST$/ : /^CONFLICT$/);
    }
    for (const n of HOSTILE_NUMBERS) {
      expect(await outcome(() => caller.migration.approvePlan({ planId: '00000000-0000-4000-8000-000000000000', concurrency: n })), `concurrency ${n}`).toMatch(/BAD_REQUEST|CONFLICT/);
    }
    // Moves of the client's own are not even read: the old shape is refused whole.
    expect(await outcome(() => caller.migration.approvePlan({ kind: 'evacuate', nodeId, plan: { moves: [], unplaced: Array(100_000).fill({ ctId: 'x', reason: 'y' }) } } as never))).toBe('BAD_REQUEST');
    expect(await t.db.select().from(migrationJobs)).toEqual([]);
    expect(await t.db.select().from(migrationPlans)).toEqual([]);
  });

  it('pre-checks and target ranking refuse hostile CT ids and node ids before any SSH', async () => {
    const { caller, nodeId } = fx;
    for (const s of HOSTILE_STRINGS) {
      expect(await outcome(() => caller.migration.precheck({ ctId: s, sourceNodeId: nodeId, targetNodeId: nodeId, online: true }))).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.migration.targets({ ctId: s, nodeId, online: true }))).toBe('BAD_REQUEST');
    }
    for (const n of HOSTILE_NUMBERS) {
      expect(await outcome(() => caller.migration.precheck({ ctId: '101', sourceNodeId: n, targetNodeId: nodeId, online: true })), `node ${n}`).toMatch(/BAD_REQUEST|CONFLICT/);
      expect(await outcome(() => caller.migration.targets({ ctId: '101', nodeId: n, online: true })), `node ${n}`).toMatch(/BAD_REQUEST|CONFLICT/);
    }
  });

  it('onProgress takes a plain event id only (no 19-digit number that Number() would round)', async () => {
    const { caller } = fx;
    for (const s of HOSTILE_STRINGS) {
      expect(await outcome(() => caller.migration.onProgress({ jobId: 'none', lastEventId: s })), s.slice(0, 30)).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.migration.onProgress({ jobId: s, lastEventId: '1' })), s.slice(0, 30)).toMatch(s.length > 64 || s.length === 0 ? /BAD_REQUEST/ : /OK/);
    }
  });

  it('recorded capacity takes whole positive figures within what a real host has, or nothing', async () => {
    const { t, caller, nodeId } = fx;
    const base = { ramBytes: null, swapBytes: null, vzDiskBytes: null, cpuPower: null };
    for (const n of HOSTILE_NUMBERS) {
      for (const k of ['ramBytes', 'swapBytes', 'vzDiskBytes', 'cpuPower'] as const) {
        const r = await outcome(() => caller.node.setCapacity({ id: nodeId, values: { ...base, [k]: n } }));
        if (r === 'OK') expect(Number.isInteger(n) && n >= 1 && n <= 2 ** 50, `${k}=${n}`).toBe(true);
        else expect(r, `${k}=${n}`).toBe('BAD_REQUEST');
      }
      expect(await outcome(() => caller.node.setCapacity({ id: n, values: base })), `id ${n}`).toMatch(/BAD_REQUEST|NOT_FOUND/);
      expect(await outcome(() => caller.node.capacity({ id: n })), `id ${n}`).toMatch(/BAD_REQUEST|NOT_FOUND/);
    }
    for (const s of HOSTILE_STRINGS) expect(await outcome(() => caller.node.setCapacity({ id: nodeId, values: { ...base, ramBytes: s as unknown as number } }))).toBe('BAD_REQUEST');
    for (const row of await t.db.select().from(nodeCapacity)) {
      for (const v of [row.ramBytes, row.swapBytes, row.vzDiskBytes, row.cpuPower]) if (v !== null) expect(Number.isSafeInteger(v) && v >= 1).toBe(true);
    }
  });
});
