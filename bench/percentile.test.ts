import { describe, expect, it } from 'vitest';
import { pct } from './percentile';

describe('the benches’ percentile', () => {
  it('takes the value at rank ⌊n·p/100⌋ of the sorted samples', () => {
    const xs = [5, 1, 4, 2, 3, 6];
    expect(pct(xs, 50)).toBe(4); // the upper median of an even count
    expect(pct([3, 1, 2], 50)).toBe(2);
    expect(pct(Array.from({ length: 100 }, (_, i) => 100 - i), 99)).toBe(100);
    expect(pct(Array.from({ length: 1000 }, (_, i) => i), 99)).toBe(990);
    expect(pct(xs, 100)).toBe(6);
    expect(pct(xs, 0)).toBe(1);
    expect(xs).toEqual([5, 1, 4, 2, 3, 6]); // the samples are left as they were
  });

  it('is NaN for no samples', () => {
    expect(pct([], 50)).toBeNaN();
  });
});
