import { describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '../collector/interpret';
import { believedCapacity, findCapacityWarnings, MAX_CLAIM, MAX_PLAN_CTS_PER_NODE, type RecordedCapacity } from '../inventory/capacity';
import { buildPlanState, type NodeFacts } from './fleet-state';
import type { NodeProbe } from './probe';

const GiB = 1024 ** 3;
const recorded: RecordedCapacity = { ramBytes: 64 * GiB, swapBytes: 8 * GiB, vzDiskBytes: 2000 * GiB, cpuPower: 400_000 };

describe('capacity claimed by a node against the recorded one', () => {
  it('flags each figure the node claims above its recorded capacity, in words', () => {
    const w = findCapacityWarnings({ ramBytes: 640 * GiB, swapBytes: 8 * GiB, vzFreeBytes: 9000 * GiB, cpuPower: 400_001 }, recorded);
    expect(w.map((x) => x.message)).toEqual([
      'the node reports more RAM than its recorded capacity',
      'the node reports more disk on /vz than its recorded capacity',
      'the node reports more CPU power than its recorded capacity',
    ]);
    expect(w[0]).toMatchObject({ figure: 'RAM', claimed: 640 * GiB, recorded: 64 * GiB });
  });

  it('says nothing when the figures agree, are missing, or nothing is recorded', () => {
    expect(findCapacityWarnings({ ramBytes: 63 * GiB, swapBytes: 8 * GiB, vzFreeBytes: 10 * GiB, cpuPower: 1000 }, recorded)).toEqual([]);
    expect(findCapacityWarnings({ ramBytes: 999 * GiB, swapBytes: null, vzFreeBytes: null, cpuPower: null }, null)).toEqual([]);
    expect(findCapacityWarnings({ ramBytes: 999 * GiB, swapBytes: null, vzFreeBytes: null, cpuPower: null }, { ...recorded, ramBytes: null })).toEqual([]);
  });

  it('placement believes the smaller of claimed and recorded, and never more than MAX_CLAIM', () => {
    expect(believedCapacity({ ramBytes: 640 * GiB, swapBytes: 4 * GiB, vzFreeBytes: 9000 * GiB, cpuPower: 1000 }, recorded)).toEqual({ ramBytes: 64 * GiB, swapBytes: 4 * GiB, vzFreeBytes: 2000 * GiB, cpuPower: 1000 });
    expect(believedCapacity({ ramBytes: 1e30, swapBytes: 1e30, vzFreeBytes: Infinity, cpuPower: 1e30 }, null)).toEqual({ ...MAX_CLAIM });
  });
});

function facts(id: number, ctCount: number, memTotalKb: number, capacity: RecordedCapacity | null): NodeFacts {
  const containers = Array.from({ length: ctCount }, (_, i) => ({ ctId: String(100 + i), status: 'running', cpuunits: 1000, quota: { blocksUsage: 1000 } }));
  const snapshot = { beancounters: [], containers, cpu: { currentUtilization: 1000, nodePower: 100_000 }, memory: { memTotalKb, swapTotalKb: 1024, lowTotalKb: null }, problems: [] } as unknown as NodeSnapshot;
  const probe: NodeProbe = { diskFreeKb: 2 ** 40, cptLoaded: true, kernel: '2.6.32-042stab134.8', cts: new Map() };
  return { id, name: `n${id}`, snapshot, probe, maintenance: false, capacity };
}

describe('buildPlanState bounds what nodes claim', () => {
  it('a node listing more than MAX_PLAN_CTS_PER_NODE containers is no target, and only that many of its CTs are taken in', () => {
    const { nodes, cts } = buildPlanState([facts(1, MAX_PLAN_CTS_PER_NODE + 5000, 1024 * 1024, null), facts(2, 3, 1024 * 1024, null)]);
    expect(nodes[0]).toMatchObject({ reachable: false, warnings: [expect.stringContaining(`reports ${MAX_PLAN_CTS_PER_NODE + 5000} containers`)] });
    expect(nodes[1]).toMatchObject({ reachable: true, warnings: [] });
    expect(cts.filter((c) => c.nodeId === 1)).toHaveLength(MAX_PLAN_CTS_PER_NODE);
  });

  it('memory, disk and CPU power count at most as recorded, with the disagreement named', () => {
    const liar = facts(1, 2, 1024 ** 3 /* 1 TiB in KiB */, { ramBytes: 8 * GiB, swapBytes: 1024 * 1024, vzDiskBytes: 100 * GiB, cpuPower: 50_000 });
    const [node] = buildPlanState([liar]).nodes;
    expect(node!.memCapacityBytes).toBe(8 * GiB + 1024 * 1024);
    expect(node!.diskFreeKb).toBe(100 * 1024 * 1024);
    expect(node!.cpuPower).toBe(50_000);
    expect(node!.warnings).toEqual([
      'the node reports more RAM than its recorded capacity',
      'the node reports more disk on /vz than its recorded capacity',
      'the node reports more CPU power than its recorded capacity',
    ]);
  });
});
