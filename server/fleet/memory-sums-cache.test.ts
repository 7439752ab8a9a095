import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import type { MemorySums } from './memory-sums';
import { findMemorySumsCached } from './memory-sums-cache';

const sums = (v: number): MemorySums => ({ allocUtilBytes: v, allocCommitBytes: v, memswapUtilBytes: v, commitExcluded: 0, counted: 1, oversellPages: v });

describe('fleet memory sums cache', () => {
  it('computes once, serves stale while it refreshes in the background, and sums new nodes at once', async () => {
    const db = {} as Db;
    const calls: number[][] = [];
    let value = 1;
    const sum = async (_db: Db, ids: readonly number[]) => {
      calls.push([...ids]);
      return new Map(ids.map((id) => [id, sums(value)]));
    };
    const latest = new Map([[1, { snapshotId: 10 }]]);
    expect((await findMemorySumsCached(db, latest, 0, 10_000, sum)).get(1)!.allocUtilBytes).toBe(1);
    value = 2;
    latest.set(1, { snapshotId: 11 });
    // Within the age: no query at all.
    expect((await findMemorySumsCached(db, latest, 5_000, 10_000, sum)).get(1)!.allocUtilBytes).toBe(1);
    expect(calls).toEqual([[10]]);
    // Older: the stale figures come back now, the refresh runs behind them.
    expect((await findMemorySumsCached(db, latest, 20_000, 10_000, sum)).get(1)!.allocUtilBytes).toBe(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual([[10], [11]]);
    expect((await findMemorySumsCached(db, latest, 21_000, 1e12, sum)).get(1)!.allocUtilBytes).toBe(2);
    // A node never summed is summed before answering.
    latest.set(2, { snapshotId: 20 });
    expect((await findMemorySumsCached(db, latest, 22_000, 1e12, sum)).get(2)!.allocUtilBytes).toBe(2);
    expect(calls.at(-1)).toEqual([20]);
  });
});
