import { describe, expect, it } from 'vitest';
import { nextDeliveryDelayMs } from './backoff';

describe('nextDeliveryDelayMs', () => {
  it('doubles from 30 s and caps at 30 min', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => nextDeliveryDelayMs(n))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_800_000]);
  });
  it('gives up after the 8th attempt', () => {
    expect(nextDeliveryDelayMs(8)).toBeNull();
    expect(nextDeliveryDelayMs(2, { baseMs: 10, maxMs: 15, maxAttempts: 3 })).toBe(15);
    expect(nextDeliveryDelayMs(3, { baseMs: 10, maxMs: 15, maxAttempts: 3 })).toBeNull();
  });
});
