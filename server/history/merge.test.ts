import { describe, expect, it } from 'vitest';
import { downsampleGroupMs, downsamplePoints, mergeBuckets, rollupBuckets, type StoredBucket } from './merge';

const M = 60_000;
const T0 = Date.UTC(2025, 5, 2, 12);

function bucket(at: number, samples: number, keys: string[], avg: number[], max: number[], extra: Partial<StoredBucket> = {}): StoredBucket {
  return { bucket: at, samples, keys, avg, max, counts: null, barrier: keys.map(() => NaN), limit: keys.map(() => NaN), ...extra };
}

describe('mergeBuckets', () => {
  it('weights averages by sample counts and keeps the maximum of maxima', () => {
    const keys = ['a', 'b'];
    const m = mergeBuckets([bucket(T0, 1, keys, [10, 1], [10, 1]), bucket(T0 + M, 3, keys, [30, 2], [50, 2])], T0);
    expect(m).toMatchObject({ bucket: T0, samples: 4, keys, avg: [25, 1.75], max: [50, 2], counts: null });
  });

  it('merges a row read back from the database (its own copy of the same keys) as one sharing the keys', () => {
    const keys = ['ct/1/x', 'ct/2/x', 'node/y'];
    const stored = bucket(T0, 2, [...keys], [1, 2, 3], [1, 2, 3]);
    const part = bucket(T0, 2, keys, [3, 4, 5], [5, 6, 7], { counts: [2, 1, 2] });
    const m = mergeBuckets([stored, part], T0);
    expect(m).toEqual(mergeBuckets([{ ...stored, keys }, part], T0));
    expect(m).toMatchObject({ samples: 4, keys, avg: [2, (2 * 2 + 4) / 3, 4], max: [5, 6, 7], counts: [4, 3, 4] });
  });

  it('takes the union of layouts, per-series counts and the latest barrier/limit', () => {
    const m = mergeBuckets(
      [
        bucket(T0, 4, ['ct/1/x', 'node/y'], [2, 1], [3, 1], { barrier: [10, NaN], limit: [20, NaN] }),
        bucket(T0 + M, 4, ['ct/1/x', 'ct/2/x', 'node/y'], [4, 8, 1], [5, 9, 1], { counts: [4, 2, 4], barrier: [11, 12, NaN], limit: [21, Infinity, NaN] }),
        bucket(T0 + 2 * M, 4, ['ct/2/x', 'node/y'], [6, 1], [6, 1], { barrier: [13, NaN], limit: [23, NaN] }),
      ],
      T0,
    );
    expect(m).toEqual({
      bucket: T0,
      samples: 12,
      keys: ['ct/1/x', 'ct/2/x', 'node/y'],
      avg: [3, (8 * 2 + 6 * 4) / 6, 1],
      max: [5, 9, 1],
      counts: [8, 6, 12],
      barrier: [11, 13, NaN],
      limit: [21, 23, NaN],
    });
  });

  it('counts buckets without a value (NaN) as present but leaves them out of the average', () => {
    const keys = ['a'];
    const m = mergeBuckets([bucket(T0, 2, keys, [NaN], [NaN]), bucket(T0 + M, 2, keys, [4], [6])], T0);
    expect(m).toMatchObject({ samples: 4, avg: [4], max: [6], counts: null });
    expect(mergeBuckets([bucket(T0, 2, keys, [NaN], [NaN])], T0)).toMatchObject({ avg: [NaN], max: [NaN], counts: null });
  });

  it('groups finer buckets by their coarse bucket', () => {
    const keys = ['a'];
    const rows = [0, 10, 29, 30, 59, 61].map((m) => bucket(T0 + m * M, 1, keys, [m], [m]));
    expect(rollupBuckets(rows, 30 * M).map((r) => [r.bucket, r.samples, r.avg[0], r.max[0]])).toEqual([
      [T0, 3, 13, 29],
      [T0 + 30 * M, 2, 44.5, 59],
      [T0 + 60 * M, 1, 61, 61],
    ]);
  });
});

describe('downsampling', () => {
  it('never leaves more groups than maxPoints, whatever the range and alignment', () => {
    for (const [from, to, res, max] of [
      [T0 + 7 * M, T0 + 7 * M + 1440 * M, M, 1000],
      [T0, T0 + 7 * 24 * 60 * M, 30 * M, 100],
      [T0 + 13 * M, T0 + 613 * M, M, 7],
      [T0, T0 + 10 * M, M, 1000],
      [T0 + 1, T0 + 5 * M, M, 1],
    ] as const) {
      const g = downsampleGroupMs(from, to, res, max);
      expect(g % res).toBe(0);
      const groups = new Set<number>();
      for (let t = Math.floor(from / res) * res; t < to; t += res) groups.add(Math.floor(t / g));
      expect(groups.size).toBeLessThanOrEqual(max);
    }
    expect(downsampleGroupMs(T0, T0 + 10 * M, M, 1000)).toBe(M);
  });

  it('merges points with weighted averages and the maximum of maxima', () => {
    const pts = [
      { t: T0, avg: 1, max: 2, n: 1 },
      { t: T0 + M, avg: 3, max: 9, n: 3 },
      { t: T0 + 2 * M, avg: NaN, max: NaN, n: 0 },
      { t: T0 + 5 * M, avg: 7, max: 7, n: 2 },
    ];
    expect(downsamplePoints(pts, 5 * M)).toEqual([
      { t: T0, avg: 2.5, max: 9, n: 4 },
      { t: T0 + 5 * M, avg: 7, max: 7, n: 2 },
    ]);
  });
});
