import type { CpuChartData, MemoryChartData } from '@/trpc/types';

/**
 * Chart rows from the node's figures, pure: percentages of the node and the running total that
 * shows where the promises cross 100 %. At most MAX_POINTS bars per series.
 */
export const MAX_POINTS = 1000;

export interface MemoryBar {
  ctId: string;
  hostname: string | null;
  used: number;
  promised: number | null;
  limit: number | null;
  /** Σ promised of this CT and every CT before it (sorted biggest first), % of the node. */
  cumulative: number;
  incomplete: boolean;
}

export function memoryBars(m: MemoryChartData): MemoryBar[] {
  let sum = 0;
  return m.containers.slice(0, MAX_POINTS).map((c) => {
    sum += c.promised ?? 0;
    return {
      ctId: c.ctId,
      hostname: c.hostname,
      used: c.used * 100,
      promised: c.promised === null ? null : c.promised * 100,
      limit: c.limit === null ? null : c.limit * 100,
      cumulative: sum * 100,
      incomplete: c.incomplete,
    };
  });
}

export interface CpuBar {
  ctId: string;
  hostname: string | null;
  cpuunits: number;
  share: number;
  cpulimit: number | null;
  cumulative: number;
}

export function cpuBars(c: CpuChartData): CpuBar[] {
  let sum = 0;
  return c.containers.slice(0, MAX_POINTS).map((r) => {
    sum += r.guaranteedShare;
    return { ctId: r.ctId, hostname: r.hostname, cpuunits: r.cpuunits, share: r.guaranteedShare * 100, cpulimit: r.cpulimitPercent, cumulative: sum * 100 };
  });
}

/** A round axis that keeps the 100 % line and the largest value in view, with 4–6 even ticks. */
export function niceAxis(values: readonly number[], atLeast = 100): { top: number; ticks: number[] } {
  const max = Math.max(atLeast, ...values.filter(Number.isFinite), 1) * 1.05;
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000].find((s) => max / s <= 6) ?? Math.ceil(max / 6);
  const top = Math.ceil(max / step) * step;
  return { top, ticks: Array.from({ length: top / step + 1 }, (_, i) => i * step) };
}
