import { describe, expect, it } from 'vitest';
import type { CpuChartData, MemoryChartData } from '@/trpc/types';
import { cpuBars, MAX_POINTS, memoryBars, niceAxis } from './chart-data';

const mem = (commits: (number | null)[]): MemoryChartData => ({
  model: 'vzmemcheck',
  ramSwapBytes: 1,
  containers: commits.map((c, i) => ({ ctId: String(100 + i), hostname: null, used: 0.01, promised: c, limit: c === null ? null : c * 2, incomplete: false })),
  summary: { used: 0, promised: 0, limit: 0, excluded: [] },
});

describe('chart rows', () => {
  it('turns fractions into percentages with a running total of the commitment', () => {
    const bars = memoryBars(mem([0.5, 0.4, null, 0.3]));
    expect(bars.map((b) => b.promised)).toEqual([50, 40, null, 30]);
    expect(bars.map((b) => Math.round(b.cumulative))).toEqual([50, 90, 90, 120]);
    expect(bars[2]!.limit).toBeNull();
  });

  it('keeps at most MAX_POINTS bars', () => {
    expect(memoryBars(mem(Array.from({ length: MAX_POINTS + 5 }, () => 0.001)))).toHaveLength(MAX_POINTS);
  });

  it('adds up the CPU guarantees to the committed total', () => {
    const cpu: CpuChartData = {
      nodePower: 1000,
      utilization: 900,
      committed: 0.9,
      containers: [
        { ctId: '101', hostname: null, cpuunits: 500, guaranteedShare: 0.5, cpulimitPercent: 100 },
        { ctId: '0', hostname: null, cpuunits: 400, guaranteedShare: 0.4, cpulimitPercent: null },
      ],
    };
    expect(cpuBars(cpu).map((b) => Math.round(b.cumulative))).toEqual([50, 90]);
  });

  it('chooses a round axis that shows the 100 % line, with even ticks', () => {
    expect(niceAxis([12, 40])).toEqual({ top: 120, ticks: [0, 20, 40, 60, 80, 100, 120] });
    expect(niceAxis([191]).top).toBe(250);
    expect(niceAxis([191]).ticks).toEqual([0, 50, 100, 150, 200, 250]);
    expect(niceAxis([3.2], 0)).toEqual({ top: 4, ticks: [0, 1, 2, 3, 4] });
  });
});
