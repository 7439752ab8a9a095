import { describe, expect, it } from 'vitest';
import { SHARED_READ_MS } from '@/vocabulary/shared-read';
import { MIN_REFRESH_MS, refreshDelayMs } from './refresh-delay';

describe('refresh after a live event', () => {
  it('waits out the shared-read window after the event even when the page has not refreshed for long', () => {
    expect(refreshDelayMs(100_000, 0)).toBe(SHARED_READ_MS);
  });

  it('keeps to the minimum gap between two refreshes when that is longer', () => {
    expect(refreshDelayMs(10_500, 10_000)).toBe(MIN_REFRESH_MS - 500);
  });

  it('never refetches within the window, whatever the last refresh', () => {
    for (const last of [0, 9_000, 9_999, 10_000]) expect(refreshDelayMs(10_000, last)).toBeGreaterThanOrEqual(SHARED_READ_MS);
  });
});
