import { type AddressInfo, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { openDb } from '../../db/client';
import { handleHealthRequest } from './health';

describe.each(TEST_ENGINES)('GET /api/health on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('answers 200 "ok" and nothing else while the database answers', async () => {
    const res = await handleHealthRequest(t.db);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('GET /api/health when the database does not answer', () => {
  it('answers 503 "unavailable", without the error text, when Postgres refuses connections', async () => {
    const port = await closedPort();
    const h = openDb({ kind: 'postgres', url: `postgres://vzfleet:hunter2@127.0.0.1:${port}/vzfleet` });
    const res = await handleHealthRequest(h.db);
    await h.close();
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('unavailable\n');
  });

  it('answers 503 within its timeout when the database accepts but never replies', async () => {
    const silent = createServer(() => {}); // takes the TCP connection, never speaks Postgres
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const h = openDb({ kind: 'postgres', url: `postgres://postgres@127.0.0.1:${(silent.address() as AddressInfo).port}/postgres` });
    const started = Date.now();
    const res = await handleHealthRequest(h.db, 300);
    expect(res.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(2_000);
    void h.close().catch(() => {});
    silent.close();
  });
});

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}
