import { describe, expect, it } from 'vitest';
import { mergeLineageSeries } from './merge-segments';
import type { SeriesResult } from './query';

const series = (points: [number, number][], barrier: number | null = null): SeriesResult => ({
  key: 'ct/101/numproc',
  tier: '1m',
  stepMs: 60_000,
  points: points.map(([t, v]) => ({ t, avg: v, max: v })),
  barrier,
  limit: barrier,
});

describe('history across a migration', () => {
  it('takes each minute from the node the CT lived on then, and the current barrier', () => {
    const merged = mergeLineageSeries([
      { until: null, series: [series([[0, 99], [3, 30], [4, 40]], 500)] }, // target: a stale 0 from an older CT 101 there
      { until: 3, series: [series([[0, 1], [1, 10], [2, 20], [3, 999]], 400)] }, // source, until the move at t=3
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.points.map((p) => [p.t, p.avg])).toEqual([[0, 1], [1, 10], [2, 20], [3, 30], [4, 40]]);
    expect(merged[0]!.barrier).toBe(500);
  });

  it('leaves a CT that never moved alone', () => {
    const only = series([[0, 1], [1, 2]]);
    expect(mergeLineageSeries([{ until: null, series: [only] }])).toEqual([only]);
    expect(mergeLineageSeries([])).toEqual([]);
  });
});
