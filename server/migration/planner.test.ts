import { describe, expect, it } from 'vitest';
import { rankTargets } from './fit';
import { computePlacementLimits, computePressure, type PlacementLimits } from './limits';
import { computeCommitment, DEFAULT_THRESHOLDS, kernelFamily, withMove, type PlanCt, type PlanNode } from './model';
import { planEvacuation, planRebalance } from './planner';
import { syntheticFleet } from './test-fleet';

const GiB = 1024 ** 3;
const node = (id: number, over: Partial<PlanNode> = {}): PlanNode => ({
  id, name: `n${id}`, generation: 'legacy', kernel: '2.6.32-042stab134.8', reachable: true, maintenance: false,
  memCapacityBytes: 100 * GiB, memCommittedBytes: 50 * GiB, memInUseBytes: 30 * GiB, cpuPower: 100_000, cpuCommittedUnits: 50_000, diskFreeKb: 500 * 1024 * 1024, ...over,
});
const ct: PlanCt = { ctId: '101', nodeId: 1, running: true, memBytes: 10 * GiB, memHeldBytes: 4 * GiB, memPeakBytes: 6 * GiB, cpuunits: 10_000, diskKb: 20 * 1024 * 1024 };
/** The default limits of a fleet promising 50 %: in use 80 %, promise 100 % (the floor, above 50 % + 25), CPU 100 %. */
const LIMITS: PlacementLimits = { memInUse: 0.8, memPromise: 1, fleetPromise: 0.5, cpuGuarantee: 1, diskReserveKb: 1024 * 1024 };

describe('target ranking', () => {
  it('ranks the emptier node first and shows before/after for source and target', () => {
    const nodes = [node(1), node(2, { memCommittedBytes: 70 * GiB }), node(3, { memCommittedBytes: 20 * GiB })];
    const r = rankTargets(ct, nodes, computePlacementLimits(nodes, DEFAULT_THRESHOLDS), { online: true });
    expect(r.map((f) => f.nodeId)).toEqual([3, 2]);
    expect(r[0]!.fits).toBe(true);
    expect(r[0]!.target.before.mem).toBeCloseTo(0.2);
    expect(r[0]!.target.after.mem).toBeCloseTo(0.3);
    // Arriving, the CT counts in use at its peak (6 GiB); leaving, at what it holds now (4 GiB).
    expect(r[0]!.target.after.memInUse).toBeCloseTo(0.36);
    expect(r[0]!.source.after.memInUse).toBeCloseTo(0.26);
    expect(r[0]!.limits).toMatchObject({ memInUse: 0.8, memPromise: 1, cpuGuarantee: 1 });
    expect(r[0]!.source.after.mem).toBeCloseTo(0.4);
    expect(r[0]!.source.after.cpu).toBeCloseTo(0.4);
  });

  it('refuses unreachable, over-limit, short-of-disk, other-generation and other-kernel targets with reasons', () => {
    const r = rankTargets(ct, [
      node(1),
      node(2, { reachable: false }),
      node(3, { memCommittedBytes: 95 * GiB }),
      node(4, { diskFreeKb: 10 * 1024 * 1024 }),
      node(5, { generation: 'vz7', kernel: '3.10.0-1160.80.1.vz7.191.4' }),
      node(6, { kernel: '2.6.18-028stab101.1' }),
      node(7, { cpuCommittedUnits: 95_000 }),
      node(8, { memInUseBytes: 75 * GiB }),
    ], LIMITS, { online: true });
    const why = Object.fromEntries(r.map((f) => [f.nodeId, f.problems.join('|')]));
    expect(r.every((f) => !f.fits)).toBe(true);
    expect(why[2]).toContain('not reachable');
    expect(why[3]).toBe('memory commitment would be 105 % (limit 100 %; the fleet runs at 50 %)');
    expect(why[4]).toContain('not enough disk');
    expect(why[5]).toContain('generation differs');
    expect(why[6]).toContain('not compatible');
    expect(why[7]).toBe("CPU guarantees would be 105 % of the node's power (limit 100 %)");
    expect(why[8]).toBe('memory in use would be 81 % of RAM + swap (limit 80 %)');
    // An offline move does not need the same kernel.
    expect(rankTargets(ct, [node(1), node(6, { kernel: '2.6.18-028stab101.1' })], LIMITS, { online: false })[0]!.fits).toBe(true);
  });

  it('at each limit a move still fits; a step past it does not', () => {
    const at = (over: Partial<PlanNode>) => rankTargets(ct, [node(1), node(2, over)], LIMITS, { online: true })[0]!;
    expect(at({ memCommittedBytes: 90 * GiB }).fits).toBe(true); // promise 100 %
    expect(at({ memCommittedBytes: 90 * GiB + 1 }).fits).toBe(false);
    expect(at({ memInUseBytes: 74 * GiB }).fits).toBe(true); // in use 80 %
    expect(at({ memInUseBytes: 74 * GiB + 1 }).fits).toBe(false);
    expect(at({ cpuCommittedUnits: 90_000 }).fits).toBe(true); // guarantees 100 % of the power
    expect(at({ cpuCommittedUnits: 90_001 }).fits).toBe(false);
  });

  it('a hosting fleet promising ~190 % of RAM + swap still offers targets: the promise is judged against the fleet', () => {
    // Every node promises 180–195 %, with a third of RAM + swap in use: the old flat 90 % refused all of them.
    const nodes = [node(1, { memCommittedBytes: 195 * GiB }), node(2, { memCommittedBytes: 180 * GiB }), node(3, { memCommittedBytes: 190 * GiB }), node(4, { memCommittedBytes: 199 * GiB })];
    const limits = computePlacementLimits(nodes, DEFAULT_THRESHOLDS);
    expect(limits.fleetPromise).toBeCloseTo(1.99);
    expect(limits.memPromise).toBeCloseTo(2.24);
    // A CT promised 30 % of a node: onto the 180 % and 190 % nodes it fits; onto the 199 % node it passes 224 %.
    const r = rankTargets({ ...ct, memBytes: 30 * GiB }, nodes, limits, { online: true });
    expect(r.map((f) => [f.nodeId, f.fits])).toEqual([[2, true], [3, true], [4, false]]);
  });

  it('kernel families: same stab series match, other versions do not', () => {
    expect(kernelFamily('2.6.32-042stab134.8')).toBe(kernelFamily('2.6.32-042stab120.11'));
    expect(kernelFamily('2.6.32-042stab134.8')).not.toBe(kernelFamily('2.6.18-028stab101.1'));
  });
});

describe('evacuation planner', () => {
  it('moves every CT of a 20-CT node, spread over several targets, all within the thresholds', () => {
    const nodes = [node(1, { memCommittedBytes: 0, cpuCommittedUnits: 1000 }), ...[2, 3, 4, 5].map((id) => node(id, { memCommittedBytes: 40 * GiB, cpuCommittedUnits: 40_000 }))];
    const cts: PlanCt[] = Array.from({ length: 20 }, (_, i) => ({
      ctId: String(100 + i), nodeId: 1, running: i % 5 !== 0, memBytes: (1 + (i % 4)) * GiB, memHeldBytes: (0.5 + (i % 4) * 0.3) * GiB, memPeakBytes: (0.8 + (i % 4) * 0.4) * GiB, cpuunits: 2000 + 500 * (i % 3), diskKb: 10 * 1024 * 1024,
    }));
    for (const c of cts) if (c.running) Object.assign(nodes[0]!, withMove(nodes[0]!, c, 1));
    const plan = planEvacuation(1, nodes, cts, DEFAULT_THRESHOLDS);
    expect(plan.unplaced).toEqual([]);
    expect(plan.moves).toHaveLength(20);
    expect(new Set(plan.moves.map((m) => m.ctId)).size).toBe(20);
    const targets = new Set(plan.moves.map((m) => m.toNodeId));
    expect(targets.size).toBe(4);
    expect(targets.has(1)).toBe(false);
    for (const m of plan.moves) {
      expect(m.target.after.mem).toBeLessThanOrEqual(plan.limits.memPromise);
      expect(m.target.after.memInUse).toBeLessThanOrEqual(plan.limits.memInUse);
      expect(m.target.after.cpu).toBeLessThanOrEqual(plan.limits.cpuGuarantee);
    }
    expect(plan.moves.filter((m) => !m.online).map((m) => m.ctId).sort()).toEqual(cts.filter((c) => !c.running).map((c) => c.ctId).sort());
    expect(plan.maxAfter.mem).toBeLessThanOrEqual(plan.limits.memPromise);
  });

  it('lists what does not fit instead of overfilling a node', () => {
    const nodes = [node(1), node(2, { memInUseBytes: 78 * GiB })];
    const plan = planEvacuation(1, nodes, [ct], DEFAULT_THRESHOLDS);
    expect(plan.moves).toEqual([]);
    expect(plan.unplaced).toEqual([{ ctId: '101', reason: 'n2: memory in use would be 84 % of RAM + swap (limit 80 %)' }]);
  });

  it('resolves the promise limit once: its own moves cannot raise the bar they are judged by', () => {
    // The fleet promises 150 % → limit 160 % (a 10-point margin). Filling n2 and n3 raises their promise; the limit stays.
    const nodes = [node(1, { memCommittedBytes: 150 * GiB, memInUseBytes: 10 * GiB }), node(2, { memCommittedBytes: 140 * GiB, memInUseBytes: 10 * GiB }), node(3, { memCommittedBytes: 140 * GiB, memInUseBytes: 10 * GiB })];
    const cts: PlanCt[] = Array.from({ length: 6 }, (_, i) => ({ ...ct, ctId: String(200 + i), memBytes: 10 * GiB, memHeldBytes: GiB, memPeakBytes: GiB, cpuunits: 100 }));
    const plan = planEvacuation(1, nodes, cts, { ...DEFAULT_THRESHOLDS, memPromiseOverFleet: 0.1 });
    expect(plan.limits.memPromise).toBeCloseTo(1.6);
    // Each target takes two CTs (140 → 160 %); the rest would pass the limit resolved at the start.
    expect(plan.moves).toHaveLength(4);
    expect(plan.unplaced.map((u) => u.reason)).toEqual([expect.stringContaining('limit 160 %'), expect.stringContaining('limit 160 %')]);
  });

  it('never places on a node in maintenance', () => {
    const plan = planEvacuation(1, [node(1), node(2, { maintenance: true }), node(3, { memCommittedBytes: 80 * GiB })], [ct], DEFAULT_THRESHOLDS);
    expect(plan.moves.map((m) => m.toNodeId)).toEqual([3]);
  });
});

describe('rebalance planner', () => {
  it('suggests a few moves that lower the worst commitment, each with before/after', () => {
    const f = syntheticFleet({ nodes: 8, ctsPerNode: 12, seed: 3, skew: 0.8 });
    const plan = planRebalance(f.nodes, f.cts, DEFAULT_THRESHOLDS, { maxMoves: 5 });
    expect(plan.moves.length).toBeGreaterThan(0);
    expect(plan.moves.length).toBeLessThanOrEqual(5);
    const worst = (c: Parameters<typeof computePressure>[0]) => computePressure(c, plan.limits);
    expect(worst(plan.maxAfter)).toBeLessThan(worst(plan.maxBefore));
    for (const m of plan.moves) expect(worst(m.source.after)).toBeLessThan(worst(m.source.before));
  });

  it('suggests nothing for a balanced fleet', () => {
    const nodes = [node(1), node(2), node(3)];
    const cts: PlanCt[] = [1, 2, 3].map((id) => ({ ...ct, ctId: String(id), nodeId: id }));
    expect(planRebalance(nodes, cts, DEFAULT_THRESHOLDS).moves).toEqual([]);
    expect(computeCommitment(nodes[0]!)).toEqual({ mem: 0.5, memInUse: 0.3, cpu: 0.5 });
  });
});
