import { createHmac } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { auditAnonymous, auditLog, authAccount } from '../../db/schema-auth';
import { createCaller } from '../api/root';
import type { Services } from '../services';
import { createTestServices } from '../test-services';
import { parseSecret } from '../ssh/key-vault';
import { ACCOUNT_FAILURES_MAX, handleAuthRequest } from './auth-gate';
import { authFor } from './auth';
import { createFirstAdmin } from './first-admin';
import { createKioskToken, openKioskLink, revokeKioskToken, KIOSK_COOKIE } from './kiosk';
import { upsertSecuritySettings } from './settings';
import { unlockAccount } from './sign-in-brake';
import { createUser, revokeUserSessions } from './users';
import { resolveViewer } from './viewer';

const ORIGIN = 'http://127.0.0.1:3000';

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(ORIGIN + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, host: '127.0.0.1:3000', 'x-vzfleet-peer': '127.0.0.1', ...headers },
    body: JSON.stringify(body),
  });
}

/** The session cookie a sign-in answered with, as a Cookie header. */
function cookieOf(res: Response): string {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s), written out here so the test checks Better Auth independently. */
function totp(base32Secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32Secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

describe.each(TEST_ENGINES)('accounts and sessions on %s', (engine) => {
  let t: TestDb;
  let services: Services;

  beforeAll(async () => {
    t = await createTestDb(engine);
    services = createTestServices(t, { secret: parseSecret('cd'.repeat(32)), connectTimeoutMs: 1000, commandTimeoutMs: 1000 });
  });
  afterAll(async () => {
    services?.ssh.closeAll();
    await t?.drop();
  });

  it('creates the first admin once, and never a second time', async () => {
    const auth = authFor(services);
    const first = await createFirstAdmin(auth, t.db, { email: 'Root@Example.net', name: 'Root', password: 'correct horse battery' });
    expect(first).toMatchObject({ email: 'root@example.net', role: 'admin' });
    expect(await createFirstAdmin(auth, t.db, { email: 'evil@example.net', name: 'Evil', password: 'correct horse battery' })).toBeNull();
    const [acct] = await t.db.select().from(authAccount);
    expect(acct!.password).not.toContain('correct horse'); // hashed by Better Auth
  });

  it('signs in with e-mail and password, and the session is a viewer with the role', async () => {
    const res = await handleAuthRequest(services, post('/api/auth/sign-in/email', { email: 'root@example.net', password: 'correct horse battery' }));
    expect(res.status).toBe(200);
    const cookie = cookieOf(res);
    expect(res.headers.getSetCookie().join('\n')).toMatch(/HttpOnly/i);
    expect(res.headers.getSetCookie().join('\n')).toMatch(/SameSite=Lax/i);
    const viewer = await resolveViewer(authFor(services), t.db, new Headers({ cookie }));
    expect(viewer).toMatchObject({ kind: 'user', role: 'admin', label: 'root@example.net' });
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, 'auth.sign-in'));
    expect(rows.at(-1)).toMatchObject({ target: 'root@example.net', result: 'ok', ip: '127.0.0.1' });
  });

  it('records a failed sign-in and gives no session', async () => {
    const res = await handleAuthRequest(services, post('/api/auth/sign-in/email', { email: 'root@example.net', password: 'wrong password!!' }));
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie()).toEqual([]);
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, 'auth.sign-in'));
    expect(rows.at(-1)).toMatchObject({ target: 'root@example.net', result: 'denied' });
  });

  it('revoking a session takes effect on the very next request', async () => {
    const auth = authFor(services);
    const op = await createUser(auth, t.db, { email: 'op@example.net', name: 'Op', password: 'operator password', role: 'operator' });
    const res = await handleAuthRequest(services, post('/api/auth/sign-in/email', { email: 'op@example.net', password: 'operator password' }, { 'x-vzfleet-peer': '127.0.0.2' }));
    const headers = new Headers({ cookie: cookieOf(res) });
    const viewer = await resolveViewer(auth, t.db, headers);
    const caller = createCaller({ services, headers, viewer });
    await expect(caller.node.list()).resolves.toEqual([]);
    expect(await revokeUserSessions(t.db, op.id)).toBe(1);
    const after = await resolveViewer(auth, t.db, headers);
    expect(after).toBeNull();
    await expect(createCaller({ services, headers, viewer: after }).node.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('a live change stream ends when its session is revoked', async () => {
    const auth = authFor(services);
    const res = await handleAuthRequest(services, post('/api/auth/sign-in/email', { email: 'op@example.net', password: 'operator password' }, { 'x-vzfleet-peer': '127.0.0.3' }));
    const headers = new Headers({ cookie: cookieOf(res) });
    const viewer = await resolveViewer(auth, t.db, headers);
    const stillAuthorized = async () => (await resolveViewer(auth, t.db, headers))?.role === viewer?.role;
    const stream = await createCaller({ services, headers, viewer, stillAuthorized }).fleet.onChange();
    const it = stream[Symbol.asyncIterator]();
    const next = it.next();
    await revokeUserSessions(t.db, viewer!.id);
    await expect(next).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses sign-in posts that are not JSON or come from another site (CSRF)', async () => {
    const body = { email: 'root@example.net', password: 'correct horse battery' };
    const evil = await handleAuthRequest(services, post('/api/auth/sign-in/email', body, { origin: 'https://evil.example' }));
    expect(evil.status).toBe(403);
    const site = await handleAuthRequest(services, post('/api/auth/sign-in/email', body, { origin: '', 'sec-fetch-site': 'cross-site' }));
    expect(site.status).toBe(403);
    const form = await handleAuthRequest(
      services,
      new Request(ORIGIN + '/api/auth/sign-in/email', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, host: '127.0.0.1:3000' }, body: 'email=root%40example.net&password=x' }),
    );
    expect(form.status).toBe(403);
    const none = await handleAuthRequest(services, new Request(ORIGIN + '/api/auth/sign-in/email', { method: 'POST', headers: { 'content-type': 'application/json', host: '127.0.0.1:3000' }, body: JSON.stringify(body) }));
    expect(none.status).toBe(403);
  });

  it('rate-limits sign-in per address, and per account whatever the address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await handleAuthRequest(services, post('/api/auth/sign-in/email', { email: 'nobody@example.net', password: 'guess number ' + i }, { 'x-vzfleet-peer': '127.0.0.50' }));
      statuses.push(r.status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Many addresses do not help a guesser: past the account's budget, addresses that never signed in are refused.
    const victim = 'root@example.net';
    let last = 0;
    for (let i = 0; i < ACCOUNT_FAILURES_MAX + 1; i++) {
      last = (await handleAuthRequest(services, post('/api/auth/sign-in/email', { email: victim, password: 'guess ' + i }, { 'x-vzfleet-peer': `127.0.1.${i}` }))).status;
    }
    expect(last).toBe(429);
  });

  it('a stranger cannot lock the owner out of their own address, and the lock does not feed itself', async () => {
    const victim = 'root@example.net';
    const failures = async () => (await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.sign-in'), eq(auditLog.target, victim), eq(auditLog.result, 'denied')))).length;
    const before = await failures();
    // Still refused for a stranger's fresh address (the account is over its budget from the last test) ...
    for (let i = 0; i < 3; i++) {
      expect((await handleAuthRequest(services, post('/api/auth/sign-in/email', { email: victim, password: 'guess again' }, { 'x-vzfleet-peer': `127.0.2.${i}` }))).status).toBe(429);
    }
    // ... and those refusals are counted in aggregate, not as failures that would extend the lock.
    expect(await failures()).toBe(before);
    const agg = await t.db.select().from(auditAnonymous).where(eq(auditAnonymous.action, 'auth.sign-in.locked'));
    expect(agg.reduce((n, r) => n + r.count, 0)).toBeGreaterThanOrEqual(3);
    // The owner, from the address they signed in from before, gets in with the right password.
    const owner = await handleAuthRequest(services, post('/api/auth/sign-in/email', { email: victim, password: 'correct horse battery' }, { 'x-vzfleet-peer': '127.0.0.1' }));
    expect(owner.status).toBe(200);
    // `vzfleet user unlock` lifts the lock for everyone.
    await unlockAccount({ services, headers: new Headers(), viewer: null }, victim);
    expect((await handleAuthRequest(services, post('/api/auth/sign-in/email', { email: victim, password: 'correct horse battery' }, { 'x-vzfleet-peer': '127.0.3.1' }))).status).toBe(200);
  });

  it('records the socket address, never a client-sent x-vzfleet-client-ip or X-Forwarded-For', async () => {
    const forged = { 'x-vzfleet-peer': '127.0.0.77', 'x-vzfleet-client-ip': '6.6.6.6', 'x-forwarded-for': '6.6.6.7' };
    await handleAuthRequest(services, post('/api/auth/sign-in/email', { email: 'forger@example.net', password: 'whatever it is' }, forged));
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.target, 'forger@example.net'));
    expect(row!.ip).toBe('127.0.0.77');
  });

  it('a kiosk link opens once, gives role wall, and stops at revocation', async () => {
    const { token, secret } = await createKioskToken(t.db, 'Ops room TV', 'root@example.net');
    const opened = await openKioskLink(t.db, secret, new Date());
    expect(opened).not.toBeNull();
    expect(await openKioskLink(t.db, secret, new Date())).toBeNull();
    const headers = new Headers({ cookie: `${KIOSK_COOKIE}=${opened!.deviceSecret}` });
    const viewer = await resolveViewer(authFor(services), t.db, headers);
    expect(viewer).toMatchObject({ kind: 'kiosk', role: 'wall' });
    const caller = createCaller({ services, headers, viewer });
    await expect(caller.fleet.overview()).resolves.toBeDefined();
    await expect(caller.node.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(caller.kiosk.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await revokeKioskToken(t.db, token.id, new Date());
    expect(await resolveViewer(authFor(services), t.db, headers)).toBeNull();
  });

  it('TOTP: enrol with password and code; then sign-in needs the code; an admin can require it', async () => {
    const auth = authFor(services);
    await createUser(auth, t.db, { email: 'totp@example.net', name: 'T', password: 'totp user password', role: 'admin' });
    const ip = { 'x-vzfleet-peer': '127.0.0.4' };
    const signInBody = { email: 'totp@example.net', password: 'totp user password' };
    const cookie = cookieOf(await handleAuthRequest(services, post('/api/auth/sign-in/email', signInBody, ip)));
    const enabled = await handleAuthRequest(services, post('/api/auth/two-factor/enable', { password: 'totp user password' }, { ...ip, cookie }));
    expect(enabled.status).toBe(200);
    const { totpURI } = (await enabled.json()) as { totpURI: string };
    const secret = new URL(totpURI).searchParams.get('secret')!;
    expect((await handleAuthRequest(services, post('/api/auth/two-factor/verify-totp', { code: '000000' === totp(secret) ? '111111' : '000000' }, { ...ip, cookie }))).status).toBe(401);
    const enrolCode = totp(secret);
    expect((await handleAuthRequest(services, post('/api/auth/two-factor/verify-totp', { code: enrolCode }, { ...ip, cookie }))).status).toBe(200);

    const first = await handleAuthRequest(services, post('/api/auth/sign-in/email', signInBody, ip));
    expect(await first.clone().json()).toMatchObject({ twoFactorRedirect: true });
    const pending = cookieOf(first);
    expect(await resolveViewer(auth, t.db, new Headers({ cookie: pending }))).toBeNull();
    // The code used to enrol is spent: replayed at sign-in it is refused, and no session comes of it.
    const replayed = await handleAuthRequest(services, post('/api/auth/two-factor/verify-totp', { code: enrolCode }, { ...ip, cookie: pending }));
    expect(replayed.status).toBe(401);
    expect(await resolveViewer(auth, t.db, new Headers({ cookie: cookieOf(replayed) }))).toBeNull();
    // The next step's code (within Better Auth's window) works once.
    const again = cookieOf(await handleAuthRequest(services, post('/api/auth/sign-in/email', signInBody, ip)));
    const next = totp(secret, Date.now() + 30_000);
    const second = await handleAuthRequest(services, post('/api/auth/two-factor/verify-totp', { code: next }, { ...ip, cookie: again }));
    expect(second.status).toBe(200);
    const third = cookieOf(await handleAuthRequest(services, post('/api/auth/sign-in/email', signInBody, ip)));
    expect((await handleAuthRequest(services, post('/api/auth/two-factor/verify-totp', { code: next }, { ...ip, cookie: third }))).status).toBe(401);
    expect(await resolveViewer(auth, t.db, new Headers({ cookie: cookieOf(second) }))).toMatchObject({ role: 'admin', label: 'totp@example.net' });
    const steps = (await t.db.select().from(auditLog).where(eq(auditLog.target, 'totp@example.net'))).map((r) => r.detail);
    expect(steps).toContainEqual({ status: 200, step: 'password ok, TOTP required' });

    // Required for admins and operators: the operator without TOTP may only enrol; the TOTP admin is unaffected.
    await upsertSecuritySettings(t.db, { requireTotp: true });
    const op = cookieOf(await handleAuthRequest(services, post('/api/auth/sign-in/email', { email: 'op@example.net', password: 'operator password' }, ip)));
    expect(await resolveViewer(auth, t.db, new Headers({ cookie: op }))).toMatchObject({ role: 'operator', mustEnrolTotp: true });
    // A live stream's check compares the role alone, and reads no settings for it.
    const streamCheck = await resolveViewer(auth, t.db, new Headers({ cookie: op }), { enrolment: false });
    expect(streamCheck).toMatchObject({ role: 'operator' });
    expect(streamCheck?.mustEnrolTotp).toBeUndefined();
    expect((await resolveViewer(auth, t.db, new Headers({ cookie: cookieOf(second) })))?.mustEnrolTotp).toBeUndefined();
    await upsertSecuritySettings(t.db, { requireTotp: false });
  });

  it('the audit trail is append-only in the database', async () => {
    await expect(t.db.update(auditLog).set({ result: 'ok' })).rejects.toThrow();
    await expect(t.db.delete(auditLog)).rejects.toThrow();
    expect((await t.db.select().from(auditLog)).length).toBeGreaterThan(5);
  });
});
