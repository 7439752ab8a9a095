import { describe, expect, it } from 'vitest';
import { computeRowWindow } from './row-window';

describe('computeRowWindow', () => {
  it('draws the rows in view plus the margin, with the rest as space of the same height', () => {
    expect(computeRowWindow(1000, 0, 600, 60, 5)).toEqual({ start: 0, end: 16, top: 0, bottom: 984 * 60 });
    const w = computeRowWindow(1000, 6000, 600, 60, 5);
    expect(w).toEqual({ start: 95, end: 116, top: 95 * 60, bottom: 884 * 60 });
    expect(w.top + (w.end - w.start) * 60 + w.bottom).toBe(1000 * 60);
  });

  it('stays inside the list at its end, when it is short, and for odd inputs', () => {
    expect(computeRowWindow(1000, 1e9, 600, 60, 5)).toEqual({ start: 1000, end: 1000, top: 60_000, bottom: 0 });
    expect(computeRowWindow(3, 0, 600, 60, 5)).toEqual({ start: 0, end: 3, top: 0, bottom: 0 });
    expect(computeRowWindow(0, 0, 600, 60, 5)).toEqual({ start: 0, end: 0, top: 0, bottom: 0 });
    expect(computeRowWindow(10, -50, -1, 0, 2)).toEqual({ start: 0, end: 3, top: 0, bottom: 7 });
  });
});
