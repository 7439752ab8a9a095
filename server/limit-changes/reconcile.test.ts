import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { limitChanges } from '../../db/schema';
import { TEST_ENGINES } from '../../db/test-databases';
import { useTestNodeDb } from '../inventory/test-node-db';
import { recordLimitObservations, type PolledLimits } from './reconcile';
import { insertLimitChange, pendingLimitNodes } from './store';

const poll = (barrier: number): PolledLimits => ({
  beancounters: [{ ctId: '101', beancounters: [{ resource: 'numproc', held: 10, maxheld: 12, barrier, limit: barrier, failcnt: 0 }] }],
  containers: [{ ctId: '101', cpuunits: 1000, cpulimit: 0, quota: { blocksSoft: null, blocksHard: null, inodesSoft: null, inodesHard: null } }],
  full: true,
});

describe.each(TEST_ENGINES)('limit changes settled by polls on %s', (engine) => {
  const w = useTestNodeDb(engine);

  it('a pending change is confirmed by the next poll; told there is none pending, the poll does not look', async () => {
    const change = await insertLimitChange(w.t.db, {
      nodeId: w.nodeId, ctId: '101', param: 'numproc', before: { barrier: 240, limit: 240 }, after: { barrier: 400, limit: 400 },
      source: 'vzfleet', status: 'pending', at: new Date(1000), appliedAt: new Date(1500),
    });
    expect(await pendingLimitNodes(w.t.db)).toEqual(new Set([w.nodeId]));
    const status = async () => (await w.t.db.select({ s: limitChanges.status }).from(limitChanges).where(eq(limitChanges.id, change.id)))[0]!.s;

    expect(await recordLimitObservations(w.t.db, w.nodeId, poll(240), poll(400), new Date(2000), { pending: false })).toEqual({ settled: 0, observed: 0 }); // its own change explains the difference
    expect(await status()).toBe('pending');
    expect(await recordLimitObservations(w.t.db, w.nodeId, poll(400), poll(400), new Date(3000))).toEqual({ settled: 1, observed: 0 });
    expect(await status()).toBe('confirmed');
    expect(await pendingLimitNodes(w.t.db)).toEqual(new Set());
  });

  it('a limit changed on the node, not by vzfleet, is recorded as observed with its before and after', async () => {
    expect(await recordLimitObservations(w.t.db, w.nodeId, poll(400), poll(512), new Date(4000), { pending: false })).toEqual({ settled: 0, observed: 1 });
    const [row] = await w.t.db.select().from(limitChanges).where(eq(limitChanges.source, 'node'));
    expect(row).toMatchObject({ ctId: '101', param: 'numproc', status: 'observed', before: { barrier: 400, limit: 400 }, after: { barrier: 512, limit: 512 } });
  });

  it('compares the settings of full polls by value: a new record with the same settings is no change, each changed setting is one', async () => {
    type Ct = PolledLimits['containers'][number];
    type Change = Partial<Omit<Ct, 'quota'>> & { quota?: Partial<Ct['quota']> };
    const full = (ct: Change): PolledLimits => {
      const base = poll(400);
      const c = base.containers[0]!;
      return { ...base, containers: [{ ...c, ...ct, quota: { ...c.quota, blocksSoft: 1000, blocksHard: 1100, inodesSoft: 50, inodesHard: 60, ...ct.quota } }] };
    };
    expect(await recordLimitObservations(w.t.db, w.nodeId, full({}), full({}), new Date(5000), { pending: false })).toEqual({ settled: 0, observed: 0 });
    const changed: [Change, string, unknown, unknown][] = [
      [{ cpuunits: 2000 }, 'cpuunits', { value: 1000 }, { value: 2000 }],
      [{ cpulimit: 50 }, 'cpulimit', { value: 0 }, { value: 50 }],
      [{ quota: { blocksHard: 1200 } }, 'diskspace', { soft: 1000, hard: 1100 }, { soft: 1000, hard: 1200 }],
      [{ quota: { inodesSoft: 55 } }, 'diskinodes', { soft: 50, hard: 60 }, { soft: 55, hard: 60 }],
    ];
    for (const [k, [ct, param, before, after]] of changed.entries()) {
      expect(await recordLimitObservations(w.t.db, w.nodeId, full({}), full(ct), new Date(6000 + k), { pending: false }), param).toEqual({ settled: 0, observed: 1 });
      const [row] = await w.t.db.select().from(limitChanges).where(eq(limitChanges.at, new Date(6000 + k)));
      expect(row, param).toMatchObject({ ctId: '101', param, source: 'node', before, after });
    }
  });

  it('finds each CT of a poll whatever the order: CT 0 first, CTs reordered, a CT gone or new', async () => {
    const ct = (ctId: string) => ({ ctId, cpuunits: 1000, cpulimit: 0, quota: { blocksSoft: null, blocksHard: null, inodesSoft: null, inodesHard: null } });
    const block = (ctId: string, barrier: number) => ({ ctId, beancounters: [{ resource: 'numproc', held: 1, maxheld: 1, barrier, limit: barrier }].map((r) => ({ ...r, failcnt: 0 })) });
    const pollOf = (blocks: [string, number][], cts: string[]): PolledLimits => ({ beancounters: blocks.map(([id, b]) => block(id, b)), containers: cts.map(ct), full: true });
    const prev = pollOf([['0', 1], ['101', 100], ['102', 200], ['103', 300]], ['101', '102', '103']);
    // 102's limit moved, 103 is gone, 104 is new; the blocks come in another order, CT 0 last.
    const next = pollOf([['104', 400], ['102', 250], ['101', 100], ['0', 1]], ['101', '102', '104']);
    expect(await recordLimitObservations(w.t.db, w.nodeId, prev, next, new Date(9000), { pending: false })).toEqual({ settled: 0, observed: 1 });
    const rows = await w.t.db.select().from(limitChanges).where(eq(limitChanges.at, new Date(9000)));
    expect(rows.map((r) => [r.ctId, r.param, r.before, r.after])).toEqual([['102', 'numproc', { barrier: 200, limit: 200 }, { barrier: 250, limit: 250 }]]);
    // The same polls in the same order: nothing moved, nothing recorded.
    expect(await recordLimitObservations(w.t.db, w.nodeId, prev, pollOf([['0', 1], ['101', 100], ['102', 200], ['103', 300]], ['101', '102', '103']), new Date(9001), { pending: false })).toEqual({ settled: 0, observed: 0 });
  });
});
