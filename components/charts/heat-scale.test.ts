import { describe, expect, it } from 'vitest';
import type { FleetNode } from '@/trpc/types';
import { heatValue } from './heat-scale';

const node = (over: Partial<FleetNode>): FleetNode =>
  ({
    collectedAtMs: 1_000,
    memory: { model: 'vzmemcheck', commitment: 1.91, allocUtil: 0.8, memswapUtil: 0.42 },
    cpu: { committed: 0.98, utilization: 98, nodePower: 100 },
    disk: { usedKb: 90, hardKb: 100, share: 0.9 },
    failures: { refusals1h: 37 },
    ...over,
  }) as unknown as FleetNode;

describe('heatValue', () => {
  it('takes each figure from the node summary', () => {
    const n = node({});
    expect(heatValue(n, 'memory', 5_000)).toBe(1.91);
    expect(heatValue(n, 'inUse', 5_000)).toBe(0.42);
    expect(heatValue(n, 'allocUtil', 5_000)).toBe(0.8);
    expect(heatValue(n, 'cpu', 5_000)).toBe(0.98);
    expect(heatValue(n, 'disk', 5_000)).toBe(0.9);
    expect(heatValue(n, 'failcnt', 5_000)).toBe(37);
    expect(heatValue(n, 'dataAge', 5_000)).toBe(4_000);
  });

  it('has no value for figures a node does not have, and none for the age of a node never collected', () => {
    const n = node({ memory: null, cpu: null, disk: null, collectedAtMs: null });
    for (const fig of ['memory', 'inUse', 'allocUtil', 'cpu', 'disk', 'dataAge'] as const) expect(heatValue(n, fig, 5_000)).toBeNull();
  });
});
