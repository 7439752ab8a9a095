import { describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../../db/test-databases';
import { nodes } from '../../db/schema';
import { auditLog, authUser } from '../../db/schema-auth';
import { HOSTILE_NUMBERS, HOSTILE_STRINGS, outcome, useHostileFixture } from './test-hostile-fixture';

const SAFE = /^(OK|BAD_REQUEST|NOT_FOUND)$/;

describe.each(TEST_ENGINES)('hostile input through every procedure on %s', (engine) => {
  const fx = useHostileFixture(engine, 'victim');

  it('node names, hosts, users and ports never take a hostile value (they reach ssh)', async () => {
    const { t, caller } = fx;
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
    const { caller, nodeId } = fx;
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
    const { t, caller, nodeId } = fx;
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
    const { t, caller } = fx;
    await outcome(() => caller.node.create({ name: 'n1', host: '-oProxyCommand=sh', authMethod: 'stored-key', privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nsecret' }));
    const rows = await t.db.select().from(auditLog);
    const row = rows.filter((r) => r.action === 'node.create' && r.result === 'error').at(-1)!;
    expect(JSON.stringify(row.detail)).toContain('-oProxyCommand=sh');
    expect(JSON.stringify(row.detail)).not.toContain('PRIVATE KEY');
    expect(JSON.stringify(rows).length).toBeLessThan(2_000_000);
  });
});
