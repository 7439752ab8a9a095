import { describe, expect, it } from 'vitest';
import { FleetHistoryAccumulator, NodeHistoryAccumulator } from './accumulator';
import { sample } from './test-helpers';

const M = 60_000;
const T0 = Date.UTC(2025, 5, 2, 12);

describe('NodeHistoryAccumulator', () => {
  it('keeps the average, maximum and last barrier/limit of each series per bucket', () => {
    const acc = new NodeHistoryAccumulator(9, M);
    acc.add(T0, [sample('ct/101/numproc', 10, 100, 110)]);
    acc.add(T0 + 15_000, [sample('ct/101/numproc', 30, 100, 110)]);
    acc.add(T0 + 30_000, [sample('ct/101/numproc', 20, 200, 220)]);
    expect(acc.drain(T0 + 59_999)).toEqual([]);
    expect(acc.openBucket).toBe(T0);
    expect(acc.drain(T0 + M)).toEqual([
      { nodeId: 9, resolutionMs: M, bucket: T0, samples: 3, keys: ['ct/101/numproc'], avg: [20], max: [30], counts: null, barrier: [200], limit: [220] },
    ]);
    expect(acc.drain(T0 + 10 * M)).toEqual([]);
  });

  it('closes a bucket when a poll of a later one arrives, and refuses polls of closed buckets', () => {
    const acc = new NodeHistoryAccumulator(9, M);
    expect(acc.add(T0 + 5_000, [sample('node/failcnt', 1)])).toBe(true);
    expect(acc.add(T0 + M + 5_000, [sample('node/failcnt', 2)])).toBe(true);
    expect(acc.add(T0 + 50_000, [sample('node/failcnt', 99)])).toBe(false); // late: its bucket is closed
    const rows = acc.drain(T0 + 2 * M);
    expect(rows.map((r) => [r.bucket, r.avg[0]])).toEqual([
      [T0, 1],
      [T0 + M, 2],
    ]);
    expect(acc.add(T0 + M + 30_000, [sample('node/failcnt', 99)])).toBe(false);
  });

  it('waits graceMs past the end before draining an open bucket', () => {
    const acc = new NodeHistoryAccumulator(9, M, { graceMs: 5_000 });
    acc.add(T0, [sample('node/failcnt', 1)]);
    expect(acc.drain(T0 + M + 4_999)).toEqual([]);
    expect(acc.add(T0 + 59_000, [sample('node/failcnt', 3)])).toBe(true);
    expect(acc.drain(T0 + M + 5_000)[0]).toMatchObject({ samples: 2, avg: [2] });
  });

  it('keeps the union of keys when a CT appears mid-bucket, with its own sample count, sorted', () => {
    const acc = new NodeHistoryAccumulator(9, M);
    acc.add(T0, [sample('ct/101/numproc', 4), sample('node/runningCts', 1)]);
    acc.add(T0 + 15_000, [sample('ct/101/numproc', 4), sample('node/runningCts', 1)]);
    acc.add(T0 + 30_000, [sample('node/runningCts', 2), sample('ct/102/numproc', 8, 50, 60), sample('ct/101/numproc', 4)]);
    acc.add(T0 + 45_000, [sample('ct/102/numproc', 12, 50, 60), sample('node/runningCts', 1)]); // 101 gone
    const [row] = acc.drain(T0 + M);
    expect(row).toEqual({
      nodeId: 9,
      resolutionMs: M,
      bucket: T0,
      samples: 4,
      keys: ['ct/101/numproc', 'ct/102/numproc', 'node/runningCts'],
      avg: [4, 10, 1.25],
      max: [4, 12, 2],
      counts: [3, 2, 4],
      barrier: [NaN, 50, NaN],
      limit: [NaN, 60, NaN],
    });
  });

  it('counts a key listed twice in one poll once (the first value)', () => {
    const acc = new NodeHistoryAccumulator(9, M);
    acc.add(T0, [sample('a', 1), sample('a', 100)]);
    acc.add(T0 + 1, [sample('a', 3)]);
    expect(acc.drain(T0 + M)[0]).toMatchObject({ samples: 2, keys: ['a'], avg: [2], max: [3], counts: null });
  });

  it('follows keys when a poll lists them in another order', () => {
    const acc = new NodeHistoryAccumulator(9, M);
    acc.add(T0, [sample('a', 1), sample('b', 10)]);
    acc.add(T0 + 1, [sample('b', 30), sample('a', 3)]);
    acc.add(T0 + 2, [sample('c', 7), sample('b', 20)]);
    acc.add(T0 + 3, [sample('c', 9), sample('b', 40), sample('a', 5)]);
    expect(acc.drain(T0 + M)[0]).toMatchObject({ keys: ['a', 'b', 'c'], avg: [3, 25, 8], max: [5, 40, 9], counts: [3, 4, 2] });
  });

  it('follows keys in another order, and a new key, in the bucket after one that needed no key lookup', () => {
    const acc = new NodeHistoryAccumulator(9, M);
    acc.add(T0, [sample('a', 1), sample('b', 10), sample('c', 100)]);
    acc.add(T0 + 1, [sample('a', 3), sample('b', 30), sample('c', 300)]);
    // The next bucket: the same keys shuffled, plus one; the slots are found by key, not position.
    acc.add(T0 + M, [sample('c', 5), sample('d', 7), sample('a', 2), sample('b', 20)]);
    acc.add(T0 + M + 1, [sample('c', 7), sample('d', 9), sample('a', 4), sample('b', 40)]);
    // And back to the first order in a third bucket.
    acc.add(T0 + 2 * M, [sample('a', 6), sample('b', 60), sample('c', 600), sample('d', 8)]);
    const rows = acc.drain(T0 + 3 * M);
    expect(rows.map((r) => ({ keys: r.keys, avg: r.avg }))).toEqual([
      { keys: ['a', 'b', 'c'], avg: [2, 20, 200] },
      { keys: ['a', 'b', 'c', 'd'], avg: [3, 30, 6, 8] },
      { keys: ['a', 'b', 'c', 'd'], avg: [6, 60, 600, 8] },
    ]);
  });

  it('keeps every series right while polls list more, then fewer, then more series than before', () => {
    // Past the 16 positions a node's first poll gets: the slot arrays are swapped and grown.
    const keys = Array.from({ length: 40 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    const acc = new NodeHistoryAccumulator(9, M);
    acc.add(T0, keys.map((k, i) => sample(k, i)));
    acc.add(T0 + 1, keys.slice(30).map((k, i) => sample(k, 100 + i)));
    acc.add(T0 + 2, [...keys].reverse().map((k) => sample(k, 1000)));
    acc.add(T0 + 3, keys.slice(0, 20).map((k) => sample(k, 2000)));
    const [row] = acc.drain(T0 + M);
    expect(row!.keys).toEqual(keys);
    expect(row!.counts).toEqual(keys.map((_, i) => (i < 20 ? 3 : i >= 30 ? 3 : 2)));
    expect(row!.max).toEqual(keys.map((_, i) => (i < 20 ? 2000 : 1000)));
    expect(row!.avg[0]).toBe((0 + 1000 + 2000) / 3);
    expect(row!.avg[35]).toBe((35 + 105 + 1000) / 3);
    expect(row!.avg[25]).toBe((25 + 1000) / 2);
  });

  it('a bucket missing some series gives the others in key order, from the cached order', () => {
    const acc = new NodeHistoryAccumulator(9, M);
    acc.add(T0, [sample('c', 3), sample('a', 1), sample('d', 4), sample('b', 2)]);
    acc.add(T0 + M, [sample('d', 40), sample('a', 10)]);
    acc.add(T0 + 2 * M, [sample('c', 300), sample('b', 200), sample('d', 400), sample('a', 100)]);
    const rows = acc.drain(T0 + 3 * M);
    expect(rows.map((r) => [r.keys, r.avg])).toEqual([
      [['a', 'b', 'c', 'd'], [1, 2, 3, 4]],
      [['a', 'd'], [10, 40]],
      [['a', 'b', 'c', 'd'], [100, 200, 300, 400]],
    ]);
    // The full buckets share one keys array; the partial one has its own.
    expect(rows[2]!.keys).toBe(rows[0]!.keys);
  });

  it('leaves NaN (not applicable) values out of average and maximum, but not out of the count', () => {
    const acc = new NodeHistoryAccumulator(9, M);
    acc.add(T0, [sample('ct/1/@allocCommit', NaN), sample('ct/2/@allocCommit', 0.5)]);
    acc.add(T0 + 1, [sample('ct/1/@allocCommit', NaN), sample('ct/2/@allocCommit', NaN)]);
    const [row] = acc.drain(T0 + M);
    // A series that is always NaN (an unlimited commit) must not force a counts array on every row.
    expect(row).toMatchObject({ avg: [NaN, 0.5], max: [NaN, 0.5], counts: null });
  });

  it('reuses one sorted keys array while the series stay the same, and a new one when they change', () => {
    const acc = new NodeHistoryAccumulator(9, M);
    acc.add(T0, [sample('b', 1), sample('a', 2)]);
    acc.add(T0 + M, [sample('b', 1), sample('a', 2)]);
    acc.add(T0 + 2 * M, [sample('b', 1), sample('a', 2), sample('c', 3)]);
    const [r1, r2, r3] = acc.drain(T0 + 3 * M);
    expect(r1!.keys).toEqual(['a', 'b']);
    expect(r2!.keys).toBe(r1!.keys);
    expect(r2!.avg).toEqual([2, 1]);
    expect(r3!.keys).toEqual(['a', 'b', 'c']);
  });
});

  it('leaves a series out of later rows once it stops appearing, also after the layout is rebuilt', () => {
    const acc = new NodeHistoryAccumulator(9, M);
    acc.add(T0, [sample('a', 1), sample('b', 2), sample('c', 3)]);
    acc.add(T0 + M, [sample('a', 4), sample('c', 5)]); // b gone: one stale slot of three
    acc.add(T0 + 2 * M, [sample('d', 6)]); // two of three stale: the layout starts again
    acc.add(T0 + 3 * M, [sample('d', 7), sample('a', 8)]);
    const rows = acc.drain(T0 + 4 * M);
    expect(rows.map((r) => [r.keys, r.avg])).toEqual([
      [['a', 'b', 'c'], [1, 2, 3]],
      [['a', 'c'], [4, 5]],
      [['d'], [6]],
      [['a', 'd'], [8, 7]],
    ]);
  });

describe('FleetHistoryAccumulator', () => {
  it('drains every node of the fleet in one batch', () => {
    const fleet = new FleetHistoryAccumulator(M);
    for (const node of [1, 2, 3]) fleet.add(node, T0 + node * 1000, [sample('node/failcnt', node)]);
    fleet.remove(3);
    const rows = fleet.drain(T0 + M);
    expect(rows.map((r) => [r.nodeId, r.avg[0]])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });
});
