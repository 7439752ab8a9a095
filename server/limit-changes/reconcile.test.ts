import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { limitChanges } from '../../db/schema';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { insertNode } from '../inventory/nodes';
import { parseSecret } from '../ssh/key-vault';
import { recordLimitObservations, type PolledLimits } from './reconcile';
import { insertLimitChange, pendingLimitNodes } from './store';

const poll = (barrier: number): PolledLimits => ({
  beancounters: [{ ctId: '101', beancounters: [{ resource: 'numproc', held: 10, maxheld: 12, barrier, limit: barrier, failcnt: 0 }] }],
  containers: [{ ctId: '101', cpuunits: 1000, cpulimit: 0, quota: { blocksSoft: null, blocksHard: null, inodesSoft: null, inodesHard: null } }],
  full: true,
});

describe.each(TEST_ENGINES)('limit changes settled by polls on %s', (engine) => {
  let t: TestDb;
  let nodeId: number;
  beforeAll(async () => {
    t = await createTestDb(engine);
    nodeId = (await insertNode(t.db, { name: 'n', host: '127.0.0.1', authMethod: 'agent' }, parseSecret('01'.repeat(32)))).id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('a pending change is confirmed by the next poll; told there is none pending, the poll does not look', async () => {
    const change = await insertLimitChange(t.db, {
      nodeId, ctId: '101', param: 'numproc', before: { barrier: 240, limit: 240 }, after: { barrier: 400, limit: 400 },
      source: 'vzfleet', status: 'pending', at: new Date(1000), appliedAt: new Date(1500),
    });
    expect(await pendingLimitNodes(t.db)).toEqual(new Set([nodeId]));
    const status = async () => (await t.db.select({ s: limitChanges.status }).from(limitChanges).where(eq(limitChanges.id, change.id)))[0]!.s;

    expect(await recordLimitObservations(t.db, nodeId, poll(240), poll(400), new Date(2000), { pending: false })).toEqual({ settled: 0, observed: 0 }); // its own change explains the difference
    expect(await status()).toBe('pending');
    expect(await recordLimitObservations(t.db, nodeId, poll(400), poll(400), new Date(3000))).toEqual({ settled: 1, observed: 0 });
    expect(await status()).toBe('confirmed');
    expect(await pendingLimitNodes(t.db)).toEqual(new Set());
  });

  it('a limit changed on the node, not by vzfleet, is recorded as observed with its before and after', async () => {
    expect(await recordLimitObservations(t.db, nodeId, poll(400), poll(512), new Date(4000), { pending: false })).toEqual({ settled: 0, observed: 1 });
    const [row] = await t.db.select().from(limitChanges).where(eq(limitChanges.source, 'node'));
    expect(row).toMatchObject({ ctId: '101', param: 'numproc', status: 'observed', before: { barrier: 400, limit: 400 }, after: { barrier: 512, limit: 512 } });
  });
});
