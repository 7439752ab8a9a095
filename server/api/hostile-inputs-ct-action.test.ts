import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { ctActionEvents, ctActionJobs } from '../../db/schema';
import type { Viewer } from '../auth/roles';
import type { Services } from '../services';
import { createTestServices } from '../test-services';
import { parseSecret } from '../ssh/key-vault';
import { createCaller } from './root';

/** The same attacker's strings as hostile-inputs.test.ts, for CT actions and the process list. */
const HOSTILE_STRINGS = [
  '101; rm -rf /', '$(id)', '`id`', '--help', '-oProxyCommand=sh', "'; drop table ct_action_jobs; --", '%_\\', '<script>alert(1)</script>',
  'ünïcødé ☃ 𝕏 \u202e', 'nul\u0000byte', 'a'.repeat(100_000), '9223372036854775807', '1e309', '../../../etc/passwd', '101 --fast', '0', '-1', '101\n',
];
const HOSTILE_NUMBERS = [-1, 0, 1e9 + 0.5, 2 ** 53, Number.MAX_SAFE_INTEGER * 4, Infinity, -Infinity, NaN, 1.5];
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

describe.each(TEST_ENGINES)('hostile input to CT actions and the process list on %s', (engine) => {
  let t: TestDb;
  let services: Services;
  let caller: ReturnType<typeof createCaller>;
  let nodeId: number;

  beforeAll(async () => {
    t = await createTestDb(engine);
    // No CT action runner in this process: a call that passes validation answers CONFLICT, and nothing runs.
    services = createTestServices(t, { secret: parseSecret('ef'.repeat(32)), connectTimeoutMs: 500, commandTimeoutMs: 500 });
    caller = createCaller({ services, headers: new Headers(), viewer: ADMIN });
    nodeId = (await caller.node.create({ name: 'victim', host: '127.0.0.1', authMethod: 'agent' })).id;
  });
  afterAll(async () => {
    services?.ssh.closeAll();
    await t?.drop();
  });

  it('run takes only a CT id of the one grammar, a node id, an action of the list and a boolean --fast (stop only)', async () => {
    for (const s of HOSTILE_STRINGS) {
      expect(await outcome(() => caller.ctAction.run({ nodeId, ctId: s, action: 'stop' })), `ctId ${s.slice(0, 30)}`).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.ctAction.run({ nodeId, ctId: '101', action: s } as never)), `action ${s.slice(0, 30)}`).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.ctAction.run({ nodeId, ctId: '101', action: 'stop', fast: s } as never)), `fast ${s.slice(0, 30)}`).toBe('BAD_REQUEST');
    }
    for (const n of HOSTILE_NUMBERS) expect(await outcome(() => caller.ctAction.run({ nodeId: n, ctId: '101', action: 'start' })), `nodeId ${n}`).toBe('BAD_REQUEST');
    for (const action of ['destroy', 'exec', 'set', 'chkpnt', 'START'] as const) {
      expect(await outcome(() => caller.ctAction.run({ nodeId, ctId: '101', action } as never)), action).toBe('BAD_REQUEST');
    }
    for (const action of ['start', 'restart', 'suspend', 'resume'] as const) {
      expect(await outcome(() => caller.ctAction.run({ nodeId, ctId: '101', action, fast: true })), `${action} --fast`).toBe('BAD_REQUEST');
    }
    // Well-formed: passes validation and stops at "no runner here" — nothing is stored or sent.
    expect(await outcome(() => caller.ctAction.run({ nodeId, ctId: '101', action: 'stop', fast: true }))).toBe('CONFLICT');
    expect(await t.db.select().from(ctActionJobs)).toEqual([]);
    expect(await t.db.select().from(ctActionEvents)).toEqual([]);
  });

  it('options, byId, list, onProgress and the process list refuse the same inputs', async () => {
    for (const s of HOSTILE_STRINGS) {
      const why = s.slice(0, 30);
      expect(await outcome(() => caller.ctAction.options({ nodeId, ctId: s })), why).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.ctAction.list({ nodeId, ctId: s })), why).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.ctProcess.top({ nodeId, ctId: s })), why).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.ctAction.byId({ jobId: s })), why).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.ctAction.onProgress({ jobId: s })), why).toBe('BAD_REQUEST');
      // An event id is up to 15 digits ("0" is one); anything else is refused.
      expect(await outcome(() => caller.ctAction.onProgress({ jobId: '00000000-0000-4000-8000-000000000000', lastEventId: s })), why).toBe(/^\d{1,15}$/.test(s) ? 'OK' : 'BAD_REQUEST');
    }
    for (const n of HOSTILE_NUMBERS) {
      expect(await outcome(() => caller.ctProcess.top({ nodeId: n, ctId: '101' })), `nodeId ${n}`).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.ctAction.list({ nodeId: n, ctId: '101' })), `nodeId ${n}`).toBe('BAD_REQUEST');
    }
    expect(await outcome(() => caller.ctAction.list({ nodeId, ctId: '101' }))).toBe('OK');
    expect(await outcome(() => caller.ctAction.byId({ jobId: '00000000-0000-4000-8000-000000000000' }))).toBe('OK');
  });
});
