import { describe, expect, it } from 'vitest';
import { ageText, fitGrid, freshnessOf, pageCount, pageSlice } from './wall-pages';

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
    expect(freshnessOf(10_000)).toBe('fresh');
    expect(freshnessOf(31_000)).toBe('late');
    expect(freshnessOf(121_000)).toBe('stale');
  });
});
