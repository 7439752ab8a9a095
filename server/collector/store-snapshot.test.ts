import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { failcntEvents, snapshots } from '../../db/schema';
import { TEST_ENGINES } from '../../db/test-databases';
import { useTestNodeDb } from '../inventory/test-node-db';
import type { BeancounterBlock } from '../openvz/beancounters';
import type { NodeSnapshot } from './interpret';
import { storeSnapshot, type StoredBefore } from './store-snapshot';
import { packBeancounters, storedBeancounters } from './packed-snapshot';

const block = (ctId: string, held: number, failcnt = 0): BeancounterBlock => ({
  ctId,
  beancounters: [{ resource: 'numproc', held, maxheld: held, barrier: 400, limit: 400, failcnt }],
});
const snapshotOf = (blocks: BeancounterBlock[]): NodeSnapshot => ({ beancounters: blocks, containers: [], cpu: null, memory: null, problems: [] });

/** The quiet-poll path (one statement, guarded by the previous row) and its fall-backs. */
describe.each(TEST_ENGINES)('storeSnapshot with what this process stored before, on %s', (engine) => {
  const w = useTestNodeDb(engine);

  const rows = async () =>
    (await w.t.db.select({ id: snapshots.id, beancounters: snapshots.beancounters, beancountersPacked: snapshots.beancountersPacked }).from(snapshots).where(eq(snapshots.nodeId, w.nodeId))).map(
      (r) => ({ id: r.id, beancounters: packBeancounters(storedBeancounters(r)) }),
    );
  const store = async (snap: NodeSnapshot, at: number, before: StoredBefore | null) => {
    const r = await storeSnapshot(w.t.db, w.nodeId, snap, new Date(at), '', { before });
    return { ...r, before: { snapshotId: r.snapshotId, snapshot: snap, at: new Date(at) } };
  };

  it('a quiet poll replaces the row; a poll after another writer, or with a failcnt increase, still counts against the stored row', async () => {
    const first = await store(snapshotOf([block('101', 10)]), 1000, null);
    const quiet = await store(snapshotOf([block('101', 11)]), 2000, first.before);
    expect([first.path, quiet.path]).toEqual(['locked', 'quiet']);
    expect(quiet.snapshotId).toBeGreaterThan(first.snapshotId);
    expect(await rows()).toEqual([{ id: quiet.snapshotId, beancounters: [['101', [['numproc', 11, 11, 400, 400, 0]]]] }]);

    // Another writer stored in between: the guard refuses the stale baseline and the locking path
    // compares with the row really stored (failcnt 3), not with what this process remembered (0).
    const other = await store(snapshotOf([block('101', 12, 3)]), 3000, null);
    const late = await store(snapshotOf([block('101', 12, 5)]), 4000, quiet.before);
    expect(late.path).toBe('locked');
    expect(late.events.map((e) => e.delta)).toEqual([2]);
    expect((await rows()).map((r) => r.id)).toEqual([late.snapshotId]);
    expect(late.snapshotId).toBeGreaterThan(other.snapshotId);

    // A failcnt increase on a quiet poll: the event is stored by the same statement.
    const grew = await store(snapshotOf([block('101', 12, 9)]), 5000, late.before);
    expect(grew.path).toBe('quiet');
    expect(grew.events.map((e) => [e.delta, e.failcnt])).toEqual([[4, 9]]);
    const stored = await w.t.db.select().from(failcntEvents).where(eq(failcntEvents.nodeId, w.nodeId));
    expect(stored.find((e) => e.failcnt === 9)).toMatchObject({ ctId: '101', resource: 'numproc', at: new Date(5000), delta: 4, held: 12, maxheld: 12, barrier: 400, limit: 400, afterReset: false });
    expect(stored.map((e) => e.failcnt).sort((a, b) => a - b)).toEqual([3, 5, 9]); // the other writer saw 0 → 3
  });
});
