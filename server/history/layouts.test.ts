import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../db/test-databases';
import { layoutHash, upsertLayouts, type LayoutContent } from './layouts';

describe('history layouts written by two instances at once', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('postgres');
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('stores the same new layouts from two writers in opposite orders without a deadlock', async () => {
    // A node handed over between instances: both flush its layouts. Each INSERT holds the rows it
    // has inserted until it ends, so two of them taking the same rows in opposite orders wait on
    // each other in a cycle, which Postgres ends by failing one (40P01).
    for (let round = 0; round < 4; round++) {
      const layouts: LayoutContent[] = Array.from({ length: 50 }, (_, i) => {
        const keys = Array.from({ length: 1500 }, (_, k) => `ct/${100 + i}/r${round}k${k}`);
        return { keys, barrier: keys.map((_, k) => k), limit: keys.map((_, k) => k * 2) };
      });
      const hashes = layouts.map(layoutHash);
      const [ids, reversedIds] = await Promise.all([upsertLayouts(t.db, layouts, hashes), upsertLayouts(t.db, [...layouts].reverse(), [...hashes].reverse())]);
      expect(new Set(ids).size).toBe(50);
      expect([...reversedIds].reverse()).toEqual(ids);
    }
  });
});
