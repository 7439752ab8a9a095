import type { BucketRow } from './accumulator';
import { compareSeriesKeys } from './series';
import { bucketStart } from './tiers';

/**
 * Merging buckets into coarser ones, for rollups and for downsampling a chart: the average
 * weighted by each series' sample count, the maximum of the maxima, the last barrier/limit. Pure.
 * A bucket whose average is NaN (no value) adds to the series' count but not to its average; the
 * weighting is exact unless a series is NaN in only some polls of one bucket (a limit changed).
 */

export type StoredBucket = Omit<BucketRow, 'nodeId' | 'resolutionMs'>;

/**
 * Merges buckets (ascending by `bucket`) into one starting at `bucket`: keys are the union (a CT
 * added mid-way appears from its first bucket on), barrier/limit those of the latest bucket that
 * has the series.
 */
export function mergeBuckets(rows: readonly StoredBucket[], bucket: number): StoredBucket {
  const first = rows[0];
  if (!first) throw new RangeError('mergeBuckets needs at least one bucket');
  // Usually one array shared by a node's rows; a row read back from the database (a bucket two
  // instances wrote) has its own copy of the same keys, which needs no union and no index either.
  const sameKeys = rows.every((r) => r.keys === first.keys || sameStrings(r.keys, first.keys));
  const keys = sameKeys ? first.keys : unionKeys(rows);
  const n = keys.length;
  const sum = new Float64Array(n);
  const weight = new Float64Array(n); // samples behind the non-NaN averages
  const count = new Float64Array(n); // samples the series was present in
  const max = new Float64Array(n).fill(-Infinity);
  const barrier = new Array<number>(n).fill(NaN);
  const limit = new Array<number>(n).fill(NaN);
  let samples = 0;
  const index = sameKeys ? null : new Map(keys.map((k, i) => [k, i]));
  for (const r of rows) {
    samples += r.samples;
    for (let j = 0; j < r.keys.length; j++) {
      const i = index ? index.get(r.keys[j]!)! : j;
      const c = r.counts ? r.counts[j]! : r.samples;
      const a = r.avg[j]!;
      count[i]! += c;
      if (c > 0 && !Number.isNaN(a)) {
        sum[i]! += a * c;
        weight[i]! += c;
        const m = r.max[j]!;
        if (m > max[i]!) max[i] = m;
      }
      barrier[i] = r.barrier[j]!;
      limit[i] = r.limit[j]!;
    }
  }
  const counts = Array.from(count);
  return {
    bucket,
    samples,
    keys,
    avg: Array.from(weight, (w, i) => (w > 0 ? sum[i]! / w : NaN)),
    max: Array.from(weight, (w, i) => (w > 0 ? max[i]! : NaN)),
    counts: counts.every((c) => c === samples) ? null : counts,
    barrier,
    limit,
  };
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function unionKeys(rows: readonly StoredBucket[]): string[] {
  const set = new Set<string>();
  for (const r of rows) for (const k of r.keys) set.add(k);
  return [...set].sort(compareSeriesKeys);
}

/** Groups buckets (ascending) by their coarser bucket and merges each group. */
export function rollupBuckets(rows: readonly StoredBucket[], resolutionMs: number): StoredBucket[] {
  const out: StoredBucket[] = [];
  let group: StoredBucket[] = [];
  let start = NaN;
  for (const r of rows) {
    const b = bucketStart(r.bucket, resolutionMs);
    if (b !== start && group.length) {
      out.push(mergeBuckets(group, start));
      group = [];
    }
    start = b;
    group.push(r);
  }
  if (group.length) out.push(mergeBuckets(group, start));
  return out;
}

/** One point of one series; n = samples behind it (the weight of its average). */
export interface WeightedPoint {
  t: number;
  avg: number;
  max: number;
  n: number;
}

/** Merges points (ascending) into groups of `groupMs` aligned on the epoch. */
export function downsamplePoints(points: readonly WeightedPoint[], groupMs: number): WeightedPoint[] {
  const out: WeightedPoint[] = [];
  let cur: WeightedPoint | null = null;
  let sum = 0;
  for (const p of points) {
    const t = bucketStart(p.t, groupMs);
    if (!cur || t !== cur.t) {
      if (cur) out.push(finish(cur, sum));
      cur = { t, avg: 0, max: -Infinity, n: 0 };
      sum = 0;
    }
    if (p.n > 0 && !Number.isNaN(p.avg)) {
      sum += p.avg * p.n;
      cur.n += p.n;
      if (p.max > cur.max) cur.max = p.max;
    }
  }
  if (cur) out.push(finish(cur, sum));
  return out;
}

function finish(p: WeightedPoint, sum: number): WeightedPoint {
  return p.n > 0 ? { t: p.t, avg: sum / p.n, max: p.max, n: p.n } : { t: p.t, avg: NaN, max: NaN, n: 0 };
}

/**
 * The smallest whole number of buckets per point that leaves at most maxPoints epoch-aligned
 * groups over [fromMs, toMs).
 */
export function downsampleGroupMs(fromMs: number, toMs: number, resolutionMs: number, maxPoints: number): number {
  const slots = Math.max(1, Math.ceil((toMs - bucketStart(fromMs, resolutionMs)) / resolutionMs));
  for (let k = Math.max(1, Math.floor(slots / maxPoints)); ; k++) {
    const g = k * resolutionMs;
    const groups = (bucketStart(toMs - 1, g) - bucketStart(fromMs, g)) / g + 1;
    if (groups <= maxPoints) return g;
  }
}
