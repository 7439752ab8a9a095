import { describe, expect, it } from 'vitest';
import { ageText, fitGrid, fleetStaleAfterMs, freshnessOf, pageCount, pageSlice } from './wall-pages';

describe('wall screen pages', () => {
  it('fits as many tiles as the screen holds', () => {
    expect(fitGrid(1920, 900, 340, 160, 16)).toEqual({ columns: 5, rows: 5, perPage: 25 });
    expect(fitGrid(300, 100, 340, 160, 16)).toEqual({ columns: 1, rows: 1, perPage: 1 });
  });

  it('pages through the fleet and wraps around', () => {
    const items = Array.from({ length: 7 }, (_, i) => i);
    expect(pageCount(7, 3)).toBe(3);
    expect(pageCount(0, 3)).toBe(1);
    expect(pageSlice(items, 0, 3)).toEqual([0, 1, 2]);
    expect(pageSlice(items, 2, 3)).toEqual([6]);
    expect(pageSlice(items, 3, 3)).toEqual([0, 1, 2]);
  });

  it('words the data age and turns amber, then red, when it grows', () => {
    expect(ageText(4_200)).toBe('4 s');
    expect(ageText(125_000)).toBe('2 min 5 s');
    expect(ageText(3_780_000)).toBe('1 h 3 min');
    expect(freshnessOf(10_000, 45_000)).toBe('fresh');
    expect(freshnessOf(23_000, 45_000)).toBe('late');
    expect(freshnessOf(46_000, 45_000)).toBe('stale');
    // The same age is fine for a fleet polled every 5 minutes (stale after 15).
    expect(freshnessOf(46_000, 15 * 60_000)).toBe('fresh');
  });

  it('takes the fleet’s stale line from its most often polled node', () => {
    const n = (staleAfterMs: number) => ({ status: { staleAfterMs } });
    expect(fleetStaleAfterMs([n(900_000), n(45_000), n(180_000)])).toBe(45_000);
    expect(fleetStaleAfterMs([])).toBe(120_000);
  });
});
