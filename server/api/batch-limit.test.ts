import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import type { Services } from '../services';
import { createTestServices } from '../test-services';
import { parseSecret } from '../ssh/key-vault';
import { TRPC_MAX_BATCH } from './batch-limit';
import { appRouter } from './root';

describe.each(TEST_ENGINES)('what one HTTP request may set off, on %s', (engine) => {
  let t: TestDb;
  let services: Services;

  beforeAll(async () => {
    t = await createTestDb(engine);
    services = createTestServices(t, { secret: parseSecret('cd'.repeat(32)), connectTimeoutMs: 500, commandTimeoutMs: 500 });
  });
  afterAll(async () => {
    services?.ssh.closeAll();
    await t?.drop();
  });

  /** The options app/api/trpc/[trpc]/route.ts passes, with an admin behind every request. */
  const send = (req: Request) =>
    fetchRequestHandler({
      endpoint: '/api/trpc',
      req,
      router: appRouter,
      maxBatchSize: TRPC_MAX_BATCH,
      createContext: () => ({ services, headers: req.headers, viewer: { kind: 'user' as const, id: 'a', role: 'admin' as const, label: 'admin@test' } }),
    });
  const input = (v: unknown) => encodeURIComponent(JSON.stringify({ json: v }));

  it('pre-checks and target ranking do not answer a GET (a link or an image cannot start them)', async () => {
    for (const [path, v] of [
      ['migration.precheck', { ctId: '101', sourceNodeId: 1, targetNodeId: 2, online: true }],
      ['migration.targets', { ctId: '101', nodeId: 1, online: true }],
    ] as const) {
      const res = await send(new Request(`http://127.0.0.1/api/trpc/${path}?input=${input(v)}`));
      expect(res.status, path).toBe(405);
    }
  });

  it(`a batch of more than ${TRPC_MAX_BATCH} calls is refused whole, before any call runs`, async () => {
    const n = TRPC_MAX_BATCH + 1;
    const paths = Array.from({ length: n }, () => 'migration.precheck').join(',');
    const body = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { json: { ctId: '101', sourceNodeId: 1, targetNodeId: 2, online: true } }]));
    const res = await send(new Request(`http://127.0.0.1/api/trpc/${paths}?batch=1`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }));
    expect(res.status).toBe(400);
    // A batch at the limit still works (the browser's link sends at most this many).
    const ok = await send(new Request(`http://127.0.0.1/api/trpc/${Array.from({ length: TRPC_MAX_BATCH }, () => 'migration.maintenance').join(',')}?batch=1&input=${input({})}`));
    expect(ok.status).toBe(200);
  });
});
