import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failcntEvents } from '../../db/schema';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { insertNode } from '../inventory/nodes';
import { parseSecret } from '../ssh/key-vault';
import { FailcntTotals, SETTLE_MS } from './failcnt-totals';

describe.each(TEST_ENGINES)('FailcntTotals on %s', (engine) => {
  let t: TestDb;
  let nodeId = 0;
  const T0 = Date.parse('2026-12-04T08:00:00Z');
  const ev = (atMs: number, resource: string, delta: number, ctId = '101') => ({ nodeId, ctId, resource, at: new Date(atMs), delta, failcnt: delta, held: 1, maxheld: 1, barrier: 1, limit: 1 });

  beforeAll(async () => {
    t = await createTestDb(engine);
    nodeId = (await insertNode(t.db, { name: 'hn-f', host: '127.0.0.1', authMethod: 'agent' }, parseSecret('78'.repeat(32)))).id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('counts every refusal once by node and resource, also one committed late, and never goes down', async () => {
    const totals = new FailcntTotals();
    await t.db.insert(failcntEvents).values([ev(T0 - 3600_000, 'numproc', 5), ev(T0 - 60_000, 'numproc', 2), ev(T0 - 30_000, 'kmemsize', 1, '102')]);
    expect(Object.fromEntries((await totals.read(t.db, new Date(T0))).get(nodeId)!)).toEqual({ numproc: 7, kmemsize: 1 });
    // a poll's events committed after the previous read, stamped before it
    await t.db.insert(failcntEvents).values(ev(T0 - 10_000, 'numproc', 4, '103'));
    const later = new Date(T0 + SETTLE_MS + 60_000); // the first reads have settled into the base since
    expect(Object.fromEntries((await totals.read(t.db, later)).get(nodeId)!)).toEqual({ numproc: 11, kmemsize: 1 });
    expect(Object.fromEntries((await totals.read(t.db, new Date(later.getTime() + SETTLE_MS))).get(nodeId)!)).toEqual({ numproc: 11, kmemsize: 1 });
  });
});
