import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { nodes } from '../../db/schema';
import { auditLog, authUser } from '../../db/schema-auth';
import type { Viewer } from '../auth/roles';
import type { Services } from '../services';
import { createTestServices } from '../test-services';
import { parseSecret } from '../ssh/key-vault';
import { createCaller } from './root';

/** What an attacker types into every box: shell and SQL metacharacters, option injection, huge numbers, unicode, NUL. */
const HOSTILE_STRINGS = [
  '101; rm -rf /',
  '$(id)',
  '`id`',
  '|| id',
  '--help',
  '-o ProxyCommand=touch /tmp/pwned',
  '-oProxyCommand=sh',
  "'; drop table nodes; --",
  "' OR '1'='1",
  '%_\\',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'ünïcødé ☃ 𝕏 \u202e',
  'nul\u0000byte',
  'a'.repeat(100_000),
  '9223372036854775807',
  '1e309',
  '../../../etc/passwd',
];
const HOSTILE_NUMBERS = [-1, 0, 1e9, 2 ** 53, Number.MAX_SAFE_INTEGER * 4, Infinity, -Infinity, NaN, 1.5];

const ADMIN: Viewer = { kind: 'user', id: 'hostile-admin', role: 'admin', label: 'admin@test' };

/** Every refusal is a validation answer (or "not found"), never a crash, and nothing runs. */
async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'OK';
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    return err.code;
  }
}
const SAFE = /^(OK|BAD_REQUEST|NOT_FOUND)$/;

describe.each(TEST_ENGINES)('hostile input through every procedure on %s', (engine) => {
  let t: TestDb;
  let services: Services;
  let caller: ReturnType<typeof createCaller>;
  let nodeId: number;

  beforeAll(async () => {
    t = await createTestDb(engine);
    services = createTestServices(t, { secret: parseSecret('ef'.repeat(32)), connectTimeoutMs: 500, commandTimeoutMs: 500 });
    caller = createCaller({ services, headers: new Headers(), viewer: ADMIN });
    nodeId = (await caller.node.create({ name: 'victim', host: '127.0.0.1', authMethod: 'agent' })).id;
  });
  afterAll(async () => {
    services?.ssh.closeAll();
    await t?.drop();
  });

  it('node names, hosts, users and ports never take a hostile value (they reach ssh)', async () => {
    for (const s of HOSTILE_STRINGS) {
      for (const field of ['name', 'host', 'sshUser', 'hostKeyFingerprint'] as const) {
        const input = { name: `n${field}`, host: '127.0.0.1', authMethod: 'agent' as const, [field]: s };
        const got = await outcome(() => caller.node.create(input));
        // Only a plain word (letters, digits, dots; no leading dash) may pass, e.g. a numeric name.
        if (got === 'OK') expect(s, field).toMatch(/^[A-Za-z0-9][A-Za-z0-9.]*$/);
        else expect(got, `${field}=${JSON.stringify(s.slice(0, 40))}`).toBe('BAD_REQUEST');
      }
      const tag = await outcome(() => caller.node.create({ name: 'ntag', host: '127.0.0.1', authMethod: 'agent', tags: [s] }));
      if (tag === 'OK') expect(s).toMatch(/^[A-Za-z0-9][A-Za-z0-9.]*$/);
      else expect(tag, `tag ${s.slice(0, 40)}`).toBe('BAD_REQUEST');
    }
    for (const n of [...HOSTILE_NUMBERS.filter((n) => n < 1 || n > 65535 || !Number.isInteger(n)), 70000]) {
      expect(await outcome(() => caller.node.create({ name: 'n1', host: '127.0.0.1', authMethod: 'agent', port: n })), `port ${n}`).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.node.create({ name: 'n1', host: '127.0.0.1', authMethod: 'agent', pollIntervalS: n })), `poll ${n}`).toBe('BAD_REQUEST');
    }
    for (const n of await t.db.select().from(nodes)) expect(`${n.name} ${n.host} ${n.sshUser}`).toMatch(/^[A-Za-z0-9][\w. -]*$/);
  });

  it('free text (notes, location) is stored exactly as typed, except NUL and oversize, which are refused', async () => {
    for (const s of HOSTILE_STRINGS) {
      const r = await outcome(() => caller.node.update({ id: nodeId, values: { name: 'victim', host: '127.0.0.1', authMethod: 'agent', notes: s, location: s.slice(0, 100) } }));
      if (s.includes('\u0000') || s.length > 2000) {
        expect(r, JSON.stringify(s.slice(0, 40))).toBe('BAD_REQUEST');
        continue;
      }
      expect(r, JSON.stringify(s)).toBe('OK');
      const back = await caller.node.byId({ id: nodeId });
      expect(JSON.stringify(back)).toContain(JSON.stringify(s.slice(0, 100)).slice(1, -1));
    }
  });

  it('ids, CT ids, series keys and searches are validated or handled as data', async () => {
    for (const s of HOSTILE_STRINGS) {
      expect(await outcome(() => caller.container.byId({ nodeId, ctId: s })), `ctId ${s.slice(0, 30)}`).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.container.events({ nodeId, ctId: s })), `ctId ${s.slice(0, 30)}`).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.history.series({ nodeId, keys: [s], range: '1h' })), `key ${s.slice(0, 30)}`).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.lookup.search({ q: s }))).toMatch(s.length > 200 || s.includes('\u0000') ? /BAD_REQUEST|OK/ : /^OK$/);
      expect(await outcome(() => caller.audit.list({ q: s, limit: 10 }))).toMatch(SAFE);
      expect(await outcome(() => caller.kiosk.create({ label: s }))).toMatch(/BAD_REQUEST|OK/);
      expect(await outcome(() => caller.user.create({ email: s, name: 'x', password: 'long enough password', role: 'support' }))).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.user.create({ email: 'ok@example.net', name: s, password: 'long enough password', role: s as 'support' }))).toBe('BAD_REQUEST');
      expect(await outcome(() => caller.user.revokeSessions({ id: s }))).toMatch(/BAD_REQUEST|NOT_FOUND/);
      expect(await outcome(() => caller.node.acceptHostKey({ id: nodeId, fingerprint: s }))).toBe('BAD_REQUEST');
    }
    for (const n of HOSTILE_NUMBERS) {
      for (const call of [
        () => caller.node.byId({ id: n }),
        () => caller.node.remove({ id: n }),
        () => caller.node.testConnect({ id: n }),
        () => caller.node.collectNow({ id: n }),
        () => caller.container.listByNode({ nodeId: n }),
        () => caller.history.series({ nodeId: n, keys: ['node/load'], range: '1h', maxPoints: n }),
        () => caller.fleet.failing({ windowMinutes: n, limit: n }),
        () => caller.kiosk.revoke({ id: n }),
        () => caller.audit.list({ limit: n, before: n }),
      ]) {
        expect(await outcome(call), `number ${n}`).toMatch(SAFE);
      }
    }
    expect((await t.db.select({ id: nodes.id }).from(nodes)).map((n) => n.id)).toContain(nodeId);
    expect(await t.db.select({ id: authUser.id }).from(authUser)).toHaveLength(0);
  });

  it('the audit trail records hostile input redacted and cut, and keeps working', async () => {
    await outcome(() => caller.node.create({ name: 'n1', host: '-oProxyCommand=sh', authMethod: 'stored-key', privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nsecret' }));
    const rows = await t.db.select().from(auditLog);
    const row = rows.filter((r) => r.action === 'node.create' && r.result === 'error').at(-1)!;
    expect(JSON.stringify(row.detail)).toContain('-oProxyCommand=sh');
    expect(JSON.stringify(row.detail)).not.toContain('PRIVATE KEY');
    expect(JSON.stringify(rows).length).toBeLessThan(2_000_000);
  });
});
