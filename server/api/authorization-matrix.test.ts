import fs from 'node:fs';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { auditLog } from '../../db/schema-auth';
import { AUTHORIZATION_MATRIX } from '../auth/matrix';
import { ROLES, type Viewer } from '../auth/roles';
import { ROUTE_ROLES } from '../auth/route-roles';
import type { Services } from '../services';
import { createTestServices } from '../test-services';
import { parseSecret } from '../ssh/key-vault';
import { appRouter, createCaller } from './root';
import type { ProcedureMeta } from './init';

type ProcDef = { _def: { type: 'query' | 'mutation' | 'subscription'; meta?: ProcedureMeta } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcDef>);

/** Input that fails every schema that has one of these fields, so an allowed call stops at validation. */
const JUNK = { id: -1, nodeId: -1, ctId: '$(id)', q: 7, keys: 7, label: 7, lastEventId: 7, requireTotp: 'yes', email: 7, role: 'root', fingerprint: 7, values: 7, range: 7 };

function viewerFor(role: (typeof ROLES)[number]): Viewer {
  return { kind: role === 'wall' ? 'kiosk' : 'user', id: `test-${role}`, role, label: `${role}@test` };
}

async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    const r = await call();
    // A subscription answers with a stream; the role check has passed by then.
    if (r && typeof r === 'object' && Symbol.asyncIterator in r) await (r as unknown as AsyncIterator<unknown>).return?.();
    return 'OK';
  } catch (err) {
    return err instanceof TRPCError ? err.code : `THROWN ${String(err)}`;
  }
}

function invoke(caller: ReturnType<typeof createCaller>, pathName: string): Promise<unknown> {
  let fn: unknown = caller;
  for (const part of pathName.split('.')) fn = (fn as Record<string, unknown>)[part];
  return (fn as (input: unknown) => Promise<unknown>)(JUNK);
}

describe('the authorisation matrix (static)', () => {
  it('every procedure declares its roles, and they are exactly the matrix', () => {
    expect(procedures.length).toBeGreaterThan(20);
    for (const [name, proc] of procedures) {
      const roles = proc._def.meta?.roles;
      expect(roles, `${name} has no roles declaration`).toBeDefined();
      expect(roles, `${name} is public`).not.toBe('public');
      expect(AUTHORIZATION_MATRIX[name], `${name} is missing from server/auth/matrix.ts`).toBeDefined();
      expect([...(roles as readonly string[])].sort(), name).toEqual([...AUTHORIZATION_MATRIX[name]!].sort());
    }
    expect(Object.keys(AUTHORIZATION_MATRIX).sort()).toEqual(procedures.map(([n]) => n).sort());
  });

  it('no mutation is open to support or wall', () => {
    for (const [name, proc] of procedures) {
      if (proc._def.type !== 'mutation') continue;
      expect(AUTHORIZATION_MATRIX[name], name).not.toContain('support');
      expect(AUTHORIZATION_MATRIX[name], name).not.toContain('wall');
    }
  });

  it('wall reaches only the wall view', () => {
    const wall = Object.entries(AUTHORIZATION_MATRIX).filter(([, r]) => r.includes('wall')).map(([n]) => n).sort();
    expect(wall).toEqual(['account.me', 'alarm.wallWorst', 'fleet.onChange', 'fleet.overview']);
  });

  it('every route handler under app/ declares who may call it', () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/^route\.(ts|tsx)$/.test(e.name)) found.push(path.relative(process.cwd(), p));
      }
    };
    walk(path.join(process.cwd(), 'app'));
    expect(found.length).toBeGreaterThan(3);
    expect(found.sort()).toEqual(Object.keys(ROUTE_ROLES).sort());
  });
});

describe.each(TEST_ENGINES)('the authorisation matrix, enforced, on %s', (engine) => {
  let t: TestDb;
  let services: Services;

  beforeAll(async () => {
    t = await createTestDb(engine);
    services = createTestServices(t, { secret: parseSecret('ab'.repeat(32)), connectTimeoutMs: 1000, commandTimeoutMs: 1000 });
  });
  afterAll(async () => {
    services?.ssh.closeAll();
    await t?.drop();
  });

  it('without a viewer every procedure answers UNAUTHORIZED', async () => {
    const caller = createCaller({ services, headers: new Headers(), viewer: null });
    for (const [name] of procedures) expect(await outcome(() => invoke(caller, name)), name).toBe('UNAUTHORIZED');
  });

  it.each(ROLES)('role %s gets FORBIDDEN exactly where the matrix says no', async (role) => {
    const caller = createCaller({ services, headers: new Headers(), viewer: viewerFor(role) });
    for (const [name] of procedures) {
      const got = await outcome(() => invoke(caller, name));
      if (AUTHORIZATION_MATRIX[name]!.includes(role)) expect(got, `${role} → ${name}`).not.toMatch(/FORBIDDEN|UNAUTHORIZED|THROWN/);
      else expect(got, `${role} → ${name}`).toBe('FORBIDDEN');
    }
  });

  it('denied mutations are in the audit trail as denied, with who tried', async () => {
    const caller = createCaller({ services, headers: new Headers({ 'x-vzfleet-client-ip': '127.0.0.9' }), viewer: viewerFor('support') });
    await expect(caller.node.remove({ id: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const rows = await t.db.select().from(auditLog);
    expect(rows.find((r) => r.action === 'node.remove' && r.ip === '127.0.0.9')).toMatchObject({ result: 'denied', actorLabel: 'support@test', actorRole: 'support' });
  });

  it('a viewer who must enrol TOTP can only ask who they are', async () => {
    const caller = createCaller({ services, headers: new Headers(), viewer: { ...viewerFor('admin'), mustEnrolTotp: true } });
    await expect(caller.node.list()).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/two-factor/) });
    await expect(caller.account.me()).resolves.toMatchObject({ mustEnrolTotp: true });
  });
});
