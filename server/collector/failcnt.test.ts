import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { failcntEvents } from '../../db/schema';
import { TEST_ENGINES } from '../../db/test-databases';
import { useTestNodeDb } from '../inventory/test-node-db';
import type { BeancounterBlock } from '../openvz/beancounters';
import type { NodeSnapshot } from './interpret';
import { storeSnapshot } from './store-snapshot';

const block = (ctId: string, numproc: number, privvm = 0): BeancounterBlock => ({
  ctId,
  beancounters: [
    { resource: 'numproc', held: 40, maxheld: 40, barrier: 40, limit: 40, failcnt: numproc },
    { resource: 'privvmpages', held: 10, maxheld: 12, barrier: 65536, limit: 69632, failcnt: privvm },
  ],
});

const snapshotOf = (blocks: BeancounterBlock[]): NodeSnapshot => ({ beancounters: blocks, containers: [], cpu: null, memory: null, problems: [] });

/** The baseline is the node's stored snapshot: events are tested through the store, as the collector uses it. */
describe.each(TEST_ENGINES)('failcnt events on %s', (engine) => {
  const w = useTestNodeDb(engine);

  const poll = async (blocks: BeancounterBlock[], at: number) => (await storeSnapshot(w.t.db, w.nodeId, snapshotOf(blocks), new Date(at), '')).events;

  it('records each increase once, with the resource and the size of the jump', async () => {
    expect(await poll([block('101', 5)], 1000)).toEqual([]); // first sight: baseline only
    const ev = await poll([block('101', 19, 2)], 2000);
    expect(ev.map((e) => [e.ctId, e.resource, e.delta, e.failcnt])).toEqual([
      ['101', 'numproc', 14, 19],
      ['101', 'privvmpages', 2, 2],
    ]);
    expect(await poll([block('101', 19, 2)], 3000)).toEqual([]);
    expect(await w.t.db.select().from(failcntEvents)).toHaveLength(2);
  });

  it('treats a decrease as a reset (CT restart), never as a negative count', async () => {
    const ev = await poll([block('101', 3, 2)], 4000);
    expect(ev).toEqual([expect.objectContaining({ resource: 'numproc', delta: 3, afterReset: true })]);
    const rows = await w.t.db.select().from(failcntEvents);
    expect(rows.every((r) => r.delta > 0)).toBe(true);
  });

  it('does not double events when the same poll is stored again (restart replay)', async () => {
    await poll([block('101', 10, 2)], 5000);
    const before = (await w.t.db.select().from(failcntEvents)).length;
    expect(await poll([block('101', 10, 2)], 5000)).toEqual([]);
    expect(await poll([block('101', 12, 2)], 4500)).toEqual([]); // older than the baseline
    expect((await w.t.db.select().from(failcntEvents)).length).toBe(before);
  });

  it('rolls the baseline back with the transaction that failed', async () => {
    await expect(
      w.t.db.transaction(async (tx) => {
        await storeSnapshot(tx as unknown as Db, w.nodeId, snapshotOf([block('101', 50, 2)]), new Date(6000), '');
        throw new Error('a later write failed');
      }),
    ).rejects.toThrow('a later write failed');
    const ev = await poll([block('101', 50, 2)], 7000);
    expect(ev.map((e) => e.delta)).toEqual([38]); // measured from 12, the last stored poll
  });
});
