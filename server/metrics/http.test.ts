import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { appSettings } from '../../db/schema-auth';
import { insertNode } from '../inventory/nodes';
import type { Services } from '../services';
import { createTestServices } from '../test-services';
import { storeSnapshot } from '../collector/store-snapshot';
import { createNode } from '../../bench/history/synthetic-fleet';
import { parseSecret } from '../ssh/key-vault';
import { generateMetricsToken, setMetricsOpen } from './access';
import { handleMetricsRequest } from './http';

const scrape = (authorization?: string, query = '', headers: Record<string, string> = {}) =>
  new Request(`http://127.0.0.1:3000/api/metrics${query}`, { headers: { ...headers, ...(authorization ? { authorization } : {}) } });

describe.each(TEST_ENGINES)('GET /api/metrics on %s', (engine) => {
  let t: TestDb;
  let services: Services;
  let now = Date.parse('2026-12-04T08:00:00Z');

  beforeAll(async () => {
    t = await createTestDb(engine);
    services = createTestServices(t, { secret: parseSecret('12'.repeat(32)), connectTimeoutMs: 500, commandTimeoutMs: 500 }, { clock: () => new Date(now), pollIntervalMs: 15_000 });
    await insertNode(t.db, { name: 'hn-secret-01', host: '127.0.0.1', authMethod: 'agent' }, services.secret);
  });
  afterAll(async () => {
    services?.ssh.closeAll();
    await t?.drop();
  });

  it('answers a stranger 401 with no fleet data, by default and with a wrong token', async () => {
    for (const res of [await handleMetricsRequest(services, scrape()), await handleMetricsRequest(services, scrape('Bearer nope'))]) {
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain('hn-secret-01');
    }
  });

  it('serves the configured token and a token an admin generated (stored hashed)', async () => {
    expect((await handleMetricsRequest(services, scrape('Bearer env-token-123456789'), 'env-token-123456789')).status).toBe(200);
    const token = await generateMetricsToken(t.db);
    const res = await handleMetricsRequest(services, scrape(`Bearer ${token}`));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('vzfleet_node_up{node="hn-secret-01"}');
    const stored = JSON.stringify(await t.db.select().from(appSettings));
    expect(stored).toContain('tokenHash');
    expect(stored).not.toContain(token);
  });

  it('is open to anyone only after an admin opens it', async () => {
    await setMetricsOpen(t.db, true);
    expect((await handleMetricsRequest(services, scrape())).status).toBe(200);
    await setMetricsOpen(t.db, false);
    expect((await handleMetricsRequest(services, scrape())).status).toBe(401);
  });

  it('serves scrapes within a poll interval from memory, and after it the last build while the next one is made', async () => {
    const token = await generateMetricsToken(t.db);
    now += 60_000;
    const first = await (await handleMetricsRequest(services, scrape(`Bearer ${token}`))).text();
    await insertNode(t.db, { name: 'hn-new-02', host: '127.0.0.2', authMethod: 'agent' }, services.secret);
    now += 5_000;
    expect(await (await handleMetricsRequest(services, scrape(`Bearer ${token}`))).text()).toBe(first);
    now += 15_000;
    // the first scrape after the interval is answered from memory and starts the rebuild ...
    expect(await (await handleMetricsRequest(services, scrape(`Bearer ${token}`))).text()).toBe(first);
    // ... which the following scrapes see
    let later = first;
    for (let i = 0; i < 100 && later === first; i++) {
      await new Promise((r) => setTimeout(r, 20));
      later = await (await handleMetricsRequest(services, scrape(`Bearer ${token}`))).text();
    }
    expect(later).toContain('vzfleet_node_up{node="hn-new-02"}');
  });

  it('serves one node\'s per-CT series on ?node=<name or id>, validated, and none by default', async () => {
    const token = await generateMetricsToken(t.db);
    const n = await insertNode(t.db, { name: 'hn-cts-03', host: '127.0.0.3', authMethod: 'agent' }, services.secret);
    const synthetic = createNode(7, 4);
    await storeSnapshot(t.db, n.id, synthetic.snapshot, new Date(now), '');
    now += 20_000; // past the interval: the next builds see the node
    const get = async (q: string, headers: Record<string, string> = {}) => handleMetricsRequest(services, scrape(`Bearer ${token}`, q, headers));
    let fleet = '';
    for (let i = 0; i < 100 && !fleet.includes('hn-cts-03'); i++) {
      fleet = await (await get('')).text();
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(fleet).toContain('vzfleet_node_up{node="hn-cts-03"}');
    expect(fleet).not.toContain('openvz_beancounter_held');

    const byName = await get('?node=hn-cts-03');
    expect(byName.status).toBe(200);
    const detail = await byName.text();
    const ctId = synthetic.snapshot.containers[0]!.ctId;
    expect(detail).toContain(`openvz_beancounter_held{node="hn-cts-03",ctid="${ctId}",resource="numproc"}`);
    expect(detail).not.toContain('vzfleet_node_up');
    expect(await (await get(`?node=${n.id}`)).text()).toBe(detail);

    // compression is next start's (it gzips every response): a body gzipped here would be gzipped twice
    const gz = await get('?node=hn-cts-03', { 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers.get('content-encoding')).toBeNull();
    expect(await gz.text()).toBe(detail);

    for (const bad of ['?node=', '?node=hn;rm%20-rf', `?node=${'x'.repeat(65)}`, '?node=-1']) expect((await get(bad)).status, bad).toBe(400);
    const missing = await get('?node=hn-nowhere');
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('openvz_');
  });
});
