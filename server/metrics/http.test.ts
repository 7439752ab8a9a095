import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { appSettings } from '../../db/schema-auth';
import { insertNode } from '../inventory/nodes';
import type { Services } from '../services';
import { createTestServices } from '../test-services';
import { parseSecret } from '../ssh/key-vault';
import { generateMetricsToken, setMetricsOpen } from './access';
import { handleMetricsRequest } from './http';

const scrape = (authorization?: string) => new Request('http://127.0.0.1:3000/api/metrics', { headers: authorization ? { authorization } : {} });

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

  it('serves scrapes within a poll interval from memory, not by rebuilding from the database', async () => {
    const token = await generateMetricsToken(t.db);
    now += 60_000;
    const first = await (await handleMetricsRequest(services, scrape(`Bearer ${token}`))).text();
    await insertNode(t.db, { name: 'hn-new-02', host: '127.0.0.2', authMethod: 'agent' }, services.secret);
    now += 5_000;
    expect(await (await handleMetricsRequest(services, scrape(`Bearer ${token}`))).text()).toBe(first);
    now += 15_000;
    expect(await (await handleMetricsRequest(services, scrape(`Bearer ${token}`))).text()).toContain('hn-new-02');
  });
});
