import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { migrationJobs, migrationPlans, nodeCapacity } from '../../db/schema';
import type { Viewer } from '../auth/roles';
import type { Services } from '../services';
import { createTestServices } from '../test-services';
import { parseSecret } from '../ssh/key-vault';
import { createCaller } from './root';

/** The same attacker's strings as hostile-inputs.test.ts, for the migration and capacity inputs. */
const HOSTILE_STRINGS = [
  '101; rm -rf /', '$(id)', '`id`', '--help', '-oProxyCommand=sh', "'; drop table migration_plans; --", '%_\\', '<script>alert(1)</script>',
  'ünïcødé ☃ 𝕏 \u202e', 'nul\u0000byte', 'a'.repeat(100_000), '9223372036854775807', '1e309', '../../../etc/passwd',
];
const HOSTILE_NUMBERS = [-1, 0, 1e9, 2 ** 53, Number.MAX_SAFE_INTEGER * 4, Infinity, -Infinity, NaN, 1.5];
const ADMIN: Viewer = { kind: 'user', id: 'hostile-admin', role: 'admin', label: 'admin@test' };

async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    const r = await call();
    if (r && typeof r === 'object' && Symbol.asyncIterator in r) await (r as unknown as AsyncIterator<unknown>).return?.();
    return 'OK';
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    return err.code;
  }
}

describe.each(TEST_ENGINES)('hostile input to migration plans, pre-checks, streams and recorded capacity on %s', (engine) => {
  let t: TestDb;
  let services: Services;
  let caller: ReturnType<typeof createCaller>;
  let nodeId: number;

  beforeAll(async () => {
    t = await createTestDb(engine);
    // No migrations run in this process: a call that passes validation answers CONFLICT, and nothing runs.
    services = createTestServices(t, { secret: parseSecret('ef'.repeat(32)), connectTimeoutMs: 500, commandTimeoutMs: 500 });
    caller = createCaller({ services, headers: new Headers(), viewer: ADMIN });
    nodeId = (await caller.node.create({ name: 'victim', host: '127.0.0.1', authMethod: 'agent' })).id;
  });
  afterAll(async () => {
    services?.ssh.closeAll();
    await t?.drop();
  });

  it('approvePlan takes only a plan id (a uuid), a bounded concurrency and an override reason', async () => {
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
    for (const s of HOSTILE_STRINGS) {
      expect(await outcome(() => caller.migration.onProgress({ jobId: 'none', lastEventId: s })), s.slice(0, 30)).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.migration.onProgress({ jobId: s, lastEventId: '1' })), s.slice(0, 30)).toMatch(s.length > 64 || s.length === 0 ? /BAD_REQUEST/ : /OK/);
    }
  });

  it('recorded capacity takes whole positive figures within what a real host has, or nothing', async () => {
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
