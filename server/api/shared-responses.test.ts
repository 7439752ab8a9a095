import zlib from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../../db/schema';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { handleAuthRequest } from '../auth/auth-gate';
import { authFor } from '../auth/auth';
import { createKioskToken, KIOSK_COOKIE, openKioskLink, revokeKioskToken } from '../auth/kiosk';
import { createUser } from '../auth/users';
import { insertNode } from '../inventory/nodes';
import { createSharedReads } from '../read-models/shared-reads';
import type { Services } from '../services';
import { parseSecret } from '../ssh/key-vault';
import { createTestServices } from '../test-services';
import { handleTrpcRequest } from './http-handler';
import { installPreEncodedPass, PRE_ENCODED_HEADER } from '../http/pre-encoded-pass';
import { encodedAnswerFrom, keepAnswer, mayShare, sharedQueryOf } from './shared-responses';

const ORIGIN = 'http://127.0.0.1:3000';
const NO_INPUT = JSON.stringify({ 0: { json: null, meta: { values: ['undefined'], v: 1 } } });
const get = (path: string, headers: Record<string, string> = {}) => new Request(ORIGIN + path, { headers: { host: '127.0.0.1:3000', 'x-vzfleet-peer': '127.0.0.9', ...headers } });
const overviewUrl = `/api/trpc/fleet.overview?batch=1&input=${encodeURIComponent(NO_INPUT)}`;

describe('which requests may share an answer', () => {
  it('a plain GET of a shared query without input, as the batch link and a single call send it', () => {
    expect(sharedQueryOf(get(overviewUrl), '/api/trpc')).toEqual({ path: 'fleet.overview', batch: true });
    expect(sharedQueryOf(get('/api/trpc/fleet.overview?batch=1&input=%7B%7D'), '/api/trpc')).toEqual({ path: 'fleet.overview', batch: true });
    expect(sharedQueryOf(get('/api/trpc/fleet.overview'), '/api/trpc')).toEqual({ path: 'fleet.overview', batch: false });
  });

  it('nothing else: other procedures, batches of several, input, the streaming link, other methods, odd parameters', () => {
    const none = (req: Request) => expect(sharedQueryOf(req, '/api/trpc')).toBeNull();
    none(get('/api/trpc/node.list?batch=1&input=%7B%7D'));
    none(get('/api/trpc/fleet.overview,node.list?batch=1&input=%7B%7D'));
    none(get(`/api/trpc/fleet.overview?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { json: { id: 1 } } }))}`));
    none(get(`/api/trpc/fleet.overview?batch=1&input=${encodeURIComponent(JSON.stringify({ 1: {} }))}`));
    none(get('/api/trpc/fleet.overview?batch=1&input=%7Bnot-json'));
    none(get('/api/trpc/fleet.overview?batch=2'));
    none(get('/api/trpc/fleet.overview?batch=1&input=%7B%7D&x=1'));
    none(get('/api/trpc/fleet.overview?batch=1&input=%7B%7D', { 'trpc-accept': 'application/jsonl' }));
    none(new Request(ORIGIN + '/api/trpc/fleet.overview?batch=1', { method: 'POST', body: '{}' }));
    none(get('/api/trpcfleet.overview'));
  });

  it('only a viewer the procedure’s roles allow, and not one who must enrol TOTP first', () => {
    const meta = { roles: ['admin', 'wall'] as const };
    expect(mayShare({ kind: 'user', id: 'a', role: 'admin', label: 'a' }, { roles: [...meta.roles] })).toBe(true);
    expect(mayShare({ kind: 'user', id: 's', role: 'support', label: 's' }, { roles: [...meta.roles] })).toBe(false);
    expect(mayShare(null, { roles: [...meta.roles] })).toBe(false);
    expect(mayShare({ kind: 'user', id: 'a', role: 'admin', label: 'a', mustEnrolTotp: true }, { roles: [...meta.roles] })).toBe(false);
    expect(mayShare({ kind: 'user', id: 'a', role: 'admin', label: 'a' }, { roles: 'public' })).toBe(false);
    expect(mayShare({ kind: 'user', id: 'a', role: 'admin', label: 'a' }, undefined)).toBe(false);
  });
});

describe('a shared answer compressed once', () => {
  const json = JSON.stringify({ result: { data: { json: { nodes: Array.from({ length: 500 }, (_, i) => ({ name: `hn-${i}`, level: 'ok' })) } } } });
  const plain = () => new Response(json, { headers: { 'content-type': 'application/json', vary: 'trpc-accept' } });

  it('in each coding a viewer takes, made by the first who asks and handed to the rest', async () => {
    const kept = await keepAnswer(plain());
    const [a, b] = await Promise.all([encodedAnswerFrom(kept, 'br'), encodedAnswerFrom(kept, 'br')]);
    const made = kept.encoded.get('br');
    const c = await encodedAnswerFrom(kept, 'br');
    expect(kept.encoded.get('br')).toBe(made);
    const bodies = await Promise.all([a, b, c].map(async (r) => Buffer.from(await r.arrayBuffer())));
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    expect(zlib.brotliDecompressSync(bodies[0]!).toString('utf8')).toBe(json);
    expect(bodies[0]!.length).toBeLessThan(json.length / 5);
    expect(a.headers.get(PRE_ENCODED_HEADER)).toBe('br');
    expect(a.headers.get('vary')).toBe('trpc-accept, accept-encoding');
    expect(a.headers.get('content-type')).toBe('application/json');
    const gz = await encodedAnswerFrom(kept, 'gzip');
    expect(zlib.gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8')).toBe(json);
    expect(gz.headers.get(PRE_ENCODED_HEADER)).toBe('gzip');
    expect([...kept.encoded.keys()].sort()).toEqual(['br', 'gzip']);
  });

  it('a compression that fails gives this viewer the plain answer, and the next one tries again', async () => {
    const kept = await keepAnswer(plain());
    kept.encoded.set('gzip', Promise.reject(new Error('out of memory')));
    const fallback = await encodedAnswerFrom(kept, 'gzip');
    expect(fallback.headers.get(PRE_ENCODED_HEADER)).toBeNull();
    expect(await fallback.text()).toBe(json);
    expect(kept.encoded.has('gzip')).toBe(false);
    const next = await encodedAnswerFrom(kept, 'gzip');
    expect(zlib.gunzipSync(Buffer.from(await next.arrayBuffer())).toString('utf8')).toBe(json);
  });
});

describe.each(TEST_ENGINES)('fleet.overview answers shared over HTTP on %s', (engine) => {
  let t: TestDb;
  let services: Services;
  let clock = 0;
  let adminCookie: string;
  let supportCookie: string;
  let wallCookie: string;
  let kioskTokenId: number;

  const signIn = async (email: string, password: string) => {
    const res = await handleAuthRequest(
      services,
      new Request(`${ORIGIN}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, host: '127.0.0.1:3000' }, body: JSON.stringify({ email, password }) }),
    );
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  };
  const names = async (res: Response) => {
    const body = (await res.json()) as [{ result: { data: { json: { nodes: { name: string }[] } } } }];
    return body[0].result.data.json.nodes.map((n) => n.name).sort();
  };

  beforeAll(async () => {
    t = await createTestDb(engine);
    services = createTestServices(t, { secret: parseSecret('cd'.repeat(32)), connectTimeoutMs: 500, commandTimeoutMs: 500 }, { sharedReads: createSharedReads({ shareMs: 1000, now: () => clock }) });
    const auth = authFor(services);
    await createUser(auth, t.db, { email: 'admin@example.net', name: 'A', password: 'admin password 1', role: 'admin' });
    await createUser(auth, t.db, { email: 'support@example.net', name: 'S', password: 'support password 1', role: 'support' });
    adminCookie = await signIn('admin@example.net', 'admin password 1');
    supportCookie = await signIn('support@example.net', 'support password 1');
    const { token, secret } = await createKioskToken(t.db, 'Ops room TV', 'admin@example.net');
    kioskTokenId = token.id;
    wallCookie = `${KIOSK_COOKIE}=${(await openKioskLink(t.db, secret, new Date()))!.deviceSecret}`;
    await insertNode(t.db, { name: 'hn-a', host: '127.0.0.1', port: 22, authMethod: 'agent' }, services.secret);
  });
  afterAll(async () => {
    services?.ssh.closeAll();
    await t?.drop();
  });

  it('hands every allowed viewer in the window the same answer', async () => {
    const first = await handleTrpcRequest(services, get(overviewUrl, { cookie: adminCookie }));
    expect(first.status).toBe(200);
    const firstBody = Buffer.from(await first.arrayBuffer());
    // Written behind the server's back: the window's answer does not have it.
    await insertNode(t.db, { name: 'hn-b', host: '127.0.0.1', port: 22, authMethod: 'agent' }, services.secret);
    clock = 500;
    const support = await handleTrpcRequest(services, get(overviewUrl, { cookie: supportCookie }));
    expect(support.headers.get('content-type')).toBe('application/json');
    expect(Buffer.from(await support.arrayBuffer())).toEqual(firstBody);
    const wall = await handleTrpcRequest(services, get(overviewUrl, { cookie: wallCookie }));
    expect(Buffer.from(await wall.arrayBuffer())).toEqual(firstBody);
    expect(JSON.parse(firstBody.toString('utf8'))[0].result.data.json.nodes.map((n: { name: string }) => n.name)).toEqual(['hn-a']);
    clock = 1001;
    expect(await names(await handleTrpcRequest(services, get(overviewUrl, { cookie: supportCookie })))).toEqual(['hn-a', 'hn-b']);
  });

  it('still asks each request who it is: a stranger and a revoked wall screen get tRPC’s refusal, not the shared answer', async () => {
    clock = 2000;
    expect((await handleTrpcRequest(services, get(overviewUrl, { cookie: adminCookie }))).status).toBe(200);
    const stranger = await handleTrpcRequest(services, get(overviewUrl));
    expect(stranger.status).toBe(401);
    expect(await stranger.text()).not.toContain('hn-a');
    const forged = await handleTrpcRequest(services, get(overviewUrl, { cookie: 'better-auth.session_token=forged.value' }));
    expect(forged.status).toBe(401);
    await revokeKioskToken(t.db, kioskTokenId, new Date());
    const revoked = await handleTrpcRequest(services, get(overviewUrl, { cookie: wallCookie }));
    expect(revoked.status).toBe(401);
    expect(await revoked.text()).not.toContain('hn-a');
  });

  it('a refused mutation does not drop the shared answer (strangers cannot stop viewers sharing)', async () => {
    clock = 2500;
    const before = Buffer.from(await (await handleTrpcRequest(services, get(overviewUrl, { cookie: adminCookie }))).arrayBuffer());
    await insertNode(t.db, { name: 'hn-x', host: '127.0.0.1', port: 22, authMethod: 'agent' }, services.secret);
    const refused = await handleTrpcRequest(
      services,
      new Request(`${ORIGIN}/api/trpc/node.remove`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN, host: '127.0.0.1:3000' }, body: JSON.stringify({ json: { id: 1 } }) }),
    );
    expect(refused.status).toBe(401);
    expect(Buffer.from(await (await handleTrpcRequest(services, get(overviewUrl, { cookie: supportCookie }))).arrayBuffer())).toEqual(before);
    await t.db.delete(nodes).where(eq(nodes.name, 'hn-x'));
  });

  it('where the server passes pre-encoded bodies on, each viewer gets the window’s answer in the coding it takes', async () => {
    clock = 2700;
    const plainBody = Buffer.from(await (await handleTrpcRequest(services, get(overviewUrl, { cookie: adminCookie }))).arrayBuffer());
    installPreEncodedPass();
    const br = await handleTrpcRequest(services, get(overviewUrl, { cookie: supportCookie, 'accept-encoding': 'gzip, deflate, br, zstd' }));
    expect(br.headers.get(PRE_ENCODED_HEADER)).toBe('br');
    expect(zlib.brotliDecompressSync(Buffer.from(await br.arrayBuffer()))).toEqual(plainBody);
    const gz = await handleTrpcRequest(services, get(overviewUrl, { cookie: adminCookie, 'accept-encoding': 'gzip' }));
    expect(gz.headers.get(PRE_ENCODED_HEADER)).toBe('gzip');
    expect(zlib.gunzipSync(Buffer.from(await gz.arrayBuffer()))).toEqual(plainBody);
    const none = await handleTrpcRequest(services, get(overviewUrl, { cookie: adminCookie, 'accept-encoding': 'identity' }));
    expect(none.headers.get(PRE_ENCODED_HEADER)).toBeNull();
    expect(Buffer.from(await none.arrayBuffer())).toEqual(plainBody);
    // Who asks is still checked first: a stranger gets tRPC's refusal, uncompressed by us.
    const stranger = await handleTrpcRequest(services, get(overviewUrl, { 'accept-encoding': 'br' }));
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get(PRE_ENCODED_HEADER)).toBeNull();
  });

  it('after a mutation over HTTP the next answer is read afresh', async () => {
    clock = 3000;
    expect(await names(await handleTrpcRequest(services, get(overviewUrl, { cookie: adminCookie })))).toEqual(['hn-a', 'hn-b']);
    const created = await handleTrpcRequest(
      services,
      new Request(`${ORIGIN}/api/trpc/node.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN, host: '127.0.0.1:3000', cookie: adminCookie },
        body: JSON.stringify({ json: { name: 'hn-c', host: '127.0.0.1', authMethod: 'agent' } }),
      }),
    );
    expect(created.status).toBe(200);
    expect(await names(await handleTrpcRequest(services, get(overviewUrl, { cookie: supportCookie })))).toEqual(['hn-a', 'hn-b', 'hn-c']);
  });
});
