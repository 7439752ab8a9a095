import { describe, expect, it } from 'vitest';
import { computeStaleAfterMs, effectivePollIntervalMs, isDataTooOld } from './staleness';
import { DEFAULT_VERDICT_THRESHOLDS } from './thresholds';

const rule = { staleAfterPolls: 3, staleFloorMs: 30_000 };
const now = new Date('2026-03-02T14:30:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('stale data, per node poll interval', () => {
  it('uses the node’s own interval when it has one and the fleet default otherwise', () => {
    expect(effectivePollIntervalMs(300, 15_000)).toBe(300_000);
    expect(effectivePollIntervalMs(null, 15_000)).toBe(15_000);
    expect(effectivePollIntervalMs(undefined, 15_000)).toBe(15_000);
    expect(effectivePollIntervalMs(0, 15_000)).toBe(15_000);
  });

  it('draws the line at three missed polls, never below the floor', () => {
    expect(computeStaleAfterMs(60_000, rule)).toBe(180_000);
    expect(computeStaleAfterMs(15_000, rule)).toBe(45_000);
    expect(computeStaleAfterMs(3_000, rule)).toBe(30_000);
  });

  it('the same age is stale for a node polled every 15 s and current for one polled every 5 min', () => {
    const collectedAt = ago(2 * 60_000);
    expect(isDataTooOld(collectedAt, now, 15_000, rule)).toBe(true);
    expect(isDataTooOld(collectedAt, now, 300_000, rule)).toBe(false);
    expect(isDataTooOld(ago(45_000), now, 15_000, rule)).toBe(false);
    expect(isDataTooOld(ago(45_001), now, 15_000, rule)).toBe(true);
  });

  it('calls no data at all stale', () => {
    expect(isDataTooOld(null, now, 300_000, rule)).toBe(true);
  });

  it('the shared thresholds carry the rule: three polls, 30 s floor', () => {
    expect(computeStaleAfterMs(15_000, DEFAULT_VERDICT_THRESHOLDS)).toBe(45_000);
    expect(computeStaleAfterMs(1_000, DEFAULT_VERDICT_THRESHOLDS)).toBe(30_000);
  });
});
