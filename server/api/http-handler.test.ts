import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { auditAnonymous, auditLog } from '../../db/schema-auth';
import { MAX_DETAIL_BYTES, TRUNCATED } from '../audit/record';
import { handleAuthRequest } from '../auth/auth-gate';
import { authFor } from '../auth/auth';
import { MAX_BODY_BYTES } from '../auth/body-limit';
import { createUser } from '../auth/users';
import type { Services } from '../services';
import { createTestServices } from '../test-services';
import { parseSecret } from '../ssh/key-vault';
import { TRPC_MAX_BATCH as MAX_BATCH } from './batch-limit';
import { handleTrpcRequest } from './http-handler';
import { createCaller } from './root';

const ORIGIN = 'http://127.0.0.1:3000';
const BASE = { 'content-type': 'application/json', origin: ORIGIN, host: '127.0.0.1:3000', 'x-vzfleet-peer': '127.0.0.66' };

function post(path: string, body: string, headers: Record<string, string> = {}): Request {
  return new Request(ORIGIN + path, { method: 'POST', headers: { ...BASE, ...headers }, body });
}

/** A superjson body whose referential equalities make each level 40 copies of the one below. */
function explodingInput(): string {
  const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
  const json: Record<string, unknown> = { id: 'x', l0: Array.from({ length: 40 }, () => 'y'.repeat(400)), l1: {}, l2: {} };
  for (const k of keys) {
    (json.l1 as Record<string, unknown>)[k] = null;
    (json.l2 as Record<string, unknown>)[k] = null;
  }
  const referentialEqualities = { l0: keys.map((k) => `l1.${k}`), l1: keys.map((k) => `l2.${k}`) };
  return JSON.stringify({ json, meta: { referentialEqualities, v: 1 } });
}

describe.each(TEST_ENGINES)('the /api/trpc edge on %s', (engine) => {
  let t: TestDb;
  let services: Services;
  let adminCookie: string;
  const auditRows = async () => (await t.db.select({ n: count() }).from(auditLog))[0]!.n;

  beforeAll(async () => {
    t = await createTestDb(engine);
    services = createTestServices(t, { secret: parseSecret('ab'.repeat(32)), connectTimeoutMs: 500, commandTimeoutMs: 500 });
    await createUser(authFor(services), t.db, { email: 'admin@example.net', name: 'A', password: 'admin password 1', role: 'admin' });
    const res = await handleAuthRequest(services, post('/api/auth/sign-in/email', JSON.stringify({ email: 'admin@example.net', password: 'admin password 1' })));
    adminCookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  });
  afterAll(async () => {
    services?.ssh.closeAll();
    await t?.drop();
  });

  it('a stranger’s 250 kB mutation adds no audit line and stores none of its input: it is counted', async () => {
    const before = await auditRows();
    const res = await handleTrpcRequest(services, post('/api/trpc/user.remove', JSON.stringify({ json: { id: 'z'.repeat(250_000) } })));
    expect(res.status).toBe(401);
    expect(await auditRows()).toBe(before);
    const [row] = await t.db.select().from(auditAnonymous).where(eq(auditAnonymous.action, 'trpc.user.remove'));
    expect(row).toMatchObject({ source: '127.0.0.66', count: 1 });
    // An admin sees the counts (Admin → Refused strangers); other roles do not.
    const admin = createCaller({ services, headers: new Headers(), viewer: { kind: 'user', id: 'x', role: 'admin', label: 'admin@example.net' } });
    expect(await admin.audit.anonymous()).toContainEqual(expect.objectContaining({ action: 'trpc.user.remove', source: '127.0.0.66' }));
    const support = createCaller({ services, headers: new Headers(), viewer: { kind: 'user', id: 'y', role: 'support', label: 's@example.net' } });
    await expect(support.audit.anonymous()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a stranger’s batch of many calls is counted in one row per procedure, and a batch past the limit is refused', async () => {
    const before = await auditRows();
    const paths = Array.from({ length: MAX_BATCH }, () => 'user.remove').join(',');
    const input = JSON.stringify(Object.fromEntries(Array.from({ length: MAX_BATCH }, (_, i) => [i, { json: { id: 'q' } }])));
    await handleTrpcRequest(services, post(`/api/trpc/${paths}?batch=1`, input));
    expect(await auditRows()).toBe(before);
    const rows = await t.db.select().from(auditAnonymous).where(eq(auditAnonymous.action, 'trpc.user.remove'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.count).toBe(1 + MAX_BATCH);
    const tooMany = await handleTrpcRequest(services, post(`/api/trpc/${paths},user.remove?batch=1`, input));
    expect(tooMany.status).toBeGreaterThanOrEqual(400);
    expect((await t.db.select().from(auditAnonymous).where(eq(auditAnonymous.action, 'trpc.user.remove')))[0]!.count).toBe(1 + MAX_BATCH);
  });

  it('refuses a body over 1 MiB with 413 before parsing it', async () => {
    const res = await handleTrpcRequest(services, post('/api/trpc/user.remove', JSON.stringify({ json: { id: 'z'.repeat(MAX_BODY_BYTES) } }), { cookie: adminCookie }));
    expect(res.status).toBe(413);
    const auth = await handleAuthRequest(services, post('/api/auth/sign-in/email', JSON.stringify({ email: 'a@b.c', password: 'p'.repeat(MAX_BODY_BYTES) })));
    expect(auth.status).toBe(413);
  });

  it('a signed-in call’s input is stored within the byte cap, with a marker, even when superjson references explode it', async () => {
    const res = await handleTrpcRequest(services, post('/api/trpc/user.remove', explodingInput(), { cookie: adminCookie }));
    expect(res.status).toBe(404); // user 'x' does not exist: the call failed, its input is on record
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'user.remove'));
    const stored = JSON.stringify(row!.detail);
    expect(Buffer.byteLength(stored)).toBeLessThanOrEqual(MAX_DETAIL_BYTES);
    expect(stored).toContain(TRUNCATED);
    expect(row!.detail).toHaveProperty('input.id', 'x'); // cut, not thrown away
    expect(row).toMatchObject({ actorLabel: 'admin@example.net', result: 'error', ip: '127.0.0.66' });
  });
});
