import { describe, expect, it } from 'vitest';
import { computeFleetPromise, computePlacementLimits, computePressure, findLimitProblems, percentile, PROMISE_FLOOR, resolvePromiseLimit, type PlacementLimits } from './limits';
import { DEFAULT_THRESHOLDS, type PlanNode } from './model';

const GiB = 1024 ** 3;
const node = (id: number, promise: number, over: Partial<PlanNode> = {}): PlanNode => ({
  id, name: `n${id}`, generation: 'legacy', kernel: null, reachable: true, maintenance: false,
  memCapacityBytes: 100 * GiB, memCommittedBytes: promise * 100 * GiB, memInUseBytes: 30 * GiB, cpuPower: 100_000, cpuCommittedUnits: 50_000, diskFreeKb: null, ...over,
});
const L: PlacementLimits = { memInUse: 0.8, memPromise: 2, fleetPromise: 1.9, cpuGuarantee: 1, diskReserveKb: 0 };

describe('placement limits', () => {
  it('the defaults are the hosting ones the README reasons about', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ memInUse: 0.8, memPromiseOverFleet: 0.25, memPromiseCeiling: 2.5, cpuGuarantee: 1, diskReserveKb: 1024 * 1024 });
  });

  it('nearest-rank percentile', () => {
    expect(percentile([], 0.9)).toBe(0);
    expect(percentile([3], 0.9)).toBe(3);
    expect(percentile([1, 2, 3, 4], 0.9)).toBe(4);
    expect(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 0.9)).toBe(18); // the two worst nodes do not set the bar
  });

  it('the fleet promise counts reachable nodes with figures only', () => {
    expect(computeFleetPromise([node(1, 1.5), node(2, 9, { reachable: false }), node(3, 9, { memCapacityBytes: 0 })])).toBeCloseTo(1.5);
    expect(computeFleetPromise([])).toBe(0);
  });

  it('the promise limit: fleet + margin, never below 100 % and never above the ceiling', () => {
    const t = { memPromiseOverFleet: 0.1, memPromiseCeiling: 2.5 };
    expect(resolvePromiseLimit(1.9, t)).toBeCloseTo(2.0); // a hosting fleet at 190 %
    expect(resolvePromiseLimit(0.3, t)).toBe(PROMISE_FLOOR); // a young fleet: up to RAM + swap is fine
    expect(resolvePromiseLimit(0.9, t)).toBe(1);
    expect(resolvePromiseLimit(2.4, t)).toBe(2.5); // at the ceiling
    expect(resolvePromiseLimit(3.2, t)).toBe(2.5); // a fleet past the ceiling gets no worse
    expect(resolvePromiseLimit(0.3, { memPromiseOverFleet: 0, memPromiseCeiling: 0.8 })).toBe(0.8); // a stricter ceiling wins over the floor
  });

  it('resolves every limit from the thresholds and the fleet', () => {
    expect(computePlacementLimits([node(1, 1.6), node(2, 2.2), node(3, 1.8)], DEFAULT_THRESHOLDS)).toEqual({ memInUse: 0.8, memPromise: expect.closeTo(2.45, 9), fleetPromise: expect.closeTo(2.2, 9), cpuGuarantee: 1, diskReserveKb: 1024 * 1024 });
  });

  it('names each limit a node passes, none at exactly the limit', () => {
    expect(findLimitProblems({ mem: 2, memInUse: 0.8, cpu: 1 }, L)).toEqual([]);
    expect(findLimitProblems({ mem: 2.01, memInUse: 0.81, cpu: 1.01 }, L).map((p) => p.figure)).toEqual(['memInUse', 'memPromise', 'cpuGuarantee']);
    expect(findLimitProblems({ mem: 2.3, memInUse: 0.5, cpu: 0.5 }, L)[0]!.message).toBe('memory commitment would be 230 % (limit 200 %; the fleet runs at 190 %)');
  });

  it('pressure is the figure closest to its limit', () => {
    expect(computePressure({ mem: 1, memInUse: 0.4, cpu: 0.2 }, L)).toBeCloseTo(0.5);
    expect(computePressure({ mem: 1, memInUse: 0.72, cpu: 0.2 }, L)).toBeCloseTo(0.9);
    expect(computePressure({ mem: 1, memInUse: 0.4, cpu: 1.1 }, L)).toBeCloseTo(1.1);
  });
});
