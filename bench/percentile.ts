/**
 * The p-th percentile (0–100) of the samples, by rank: the value at index ⌊n·p/100⌋ of the sorted
 * samples, the last one for p = 100; NaN for none. p = 50 is the upper median of an even count.
 * The benches' one definition, so their p50/p95/p99 mean the same thing.
 */
export function pct(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! : NaN;
}
