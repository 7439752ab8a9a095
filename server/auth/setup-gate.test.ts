import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DbHandle } from '../../db/client';
import { authUser } from '../../db/schema-auth';
import { createScratchPostgres, createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import type { Services } from '../services';
import { createTestServices } from '../test-services';
import { parseSecret } from '../ssh/key-vault';
import { authFor } from './auth';
import { createFirstAdmin } from './first-admin';
import { handleSetupRequest } from './setup-gate';
import { setupToken } from './setup-token';

const servicesFor = (db: DbHandle['db'], kind: DbHandle['kind']): Services =>
  createTestServices({ db, kind }, { secret: parseSecret('34'.repeat(32)), connectTimeoutMs: 500, commandTimeoutMs: 500 });

function setupPost(peer: string, origin: string, body: Record<string, unknown>, extra: Record<string, string> = {}): Request {
  const host = new URL(origin).host;
  return new Request(`${origin}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, host, 'x-vzfleet-peer': peer, ...extra },
    body: JSON.stringify(body),
  });
}
const ADMIN = { email: 'first@example.net', name: 'First', password: 'first admin password' };
const users = async (db: DbHandle['db']) => (await db.select({ n: count() }).from(authUser))[0]!.n;

describe.each(TEST_ENGINES)('first-admin setup on %s', (engine) => {
  let t: TestDb;
  let services: Services;

  beforeAll(async () => {
    t = await createTestDb(engine);
    services = servicesFor(t.db, t.kind);
  });
  afterAll(async () => {
    services?.ssh.closeAll();
    await t?.drop();
  });

  it('refuses a browser elsewhere on the network without the setup token', async () => {
    const res = await handleSetupRequest(services, setupPost('192.0.2.10', 'http://vz.internal:3000', ADMIN));
    expect(res.status).toBe(403);
    expect(await users(t.db)).toBe(0);
  });

  it('refuses a DNS-rebinding page on this machine: its Origin and Host are its own name, not a loopback one', async () => {
    expect((await handleSetupRequest(services, setupPost('127.0.0.1', 'http://rebind.evil.example:3000', ADMIN))).status).toBe(403);
    expect(await users(t.db)).toBe(0);
  });

  it('refuses a loopback socket that is a proxy for someone else', async () => {
    expect((await handleSetupRequest(services, setupPost('127.0.0.1', 'http://127.0.0.1:3000', ADMIN, { 'x-forwarded-for': '203.0.113.5' }))).status).toBe(403);
    expect(await users(t.db)).toBe(0);
  });

  it('accepts the setup token from the server log from anywhere, once', async () => {
    const res = await handleSetupRequest(services, setupPost('192.0.2.10', 'http://vz.internal:3000', { ...ADMIN, setupToken: setupToken() }));
    expect(res.status).toBe(201);
    const again = await handleSetupRequest(services, setupPost('127.0.0.1', 'http://127.0.0.1:3000', { ...ADMIN, email: 'second@example.net' }));
    expect(again.status).toBe(409);
    expect(await users(t.db)).toBe(1);
  });
});

describe.each(TEST_ENGINES)('two instances racing to set up on %s', (engine) => {
  let a: TestDb;
  let b: DbHandle;

  beforeAll(async () => {
    if (engine === 'postgres') {
      const scratch = await createScratchPostgres('vzfleet_setup_race');
      a = scratch;
      b = openDb({ kind: 'postgres', url: scratch.url }); // a second instance: its own pool, its own connections
    } else {
      a = await createTestDb('pglite');
      b = a; // PGlite is one process by design; the race is then two requests in it
    }
  });
  afterAll(async () => {
    if (b !== a) await b?.close();
    await a?.drop();
  });

  it('creates exactly one admin when two calls race on two connections', async () => {
    const sa = servicesFor(a.db, a.kind);
    const sb = servicesFor(b.db, b.kind);
    const first = createFirstAdmin(authFor(sa), a.db, { ...ADMIN, email: 'a@example.net' });
    // A second process has its own globalThis, so no in-process lock of the first can hold it back.
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('vzfleet.first-admin')];
    const second = createFirstAdmin(authFor(sb), b.db, { ...ADMIN, email: 'b@example.net' });
    const results = await Promise.all([first, second]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await users(a.db)).toBe(1);
    sa.ssh.closeAll();
    sb.ssh.closeAll();
  });
});
