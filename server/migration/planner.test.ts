import { describe, expect, it } from 'vitest';
import { rankTargets } from './fit';
import { computeCommitment, DEFAULT_THRESHOLDS, kernelFamily, withMove, type PlanCt, type PlanNode } from './model';
import { planEvacuation, planRebalance } from './planner';
import { syntheticFleet } from './test-fleet';

const GiB = 1024 ** 3;
const node = (id: number, over: Partial<PlanNode> = {}): PlanNode => ({
  id, name: `n${id}`, generation: 'legacy', kernel: '2.6.32-042stab134.8', reachable: true, maintenance: false,
  memCapacityBytes: 100 * GiB, memCommittedBytes: 50 * GiB, cpuPower: 100_000, cpuCommittedUnits: 50_000, diskFreeKb: 500 * 1024 * 1024, ...over,
});
const ct: PlanCt = { ctId: '101', nodeId: 1, running: true, memBytes: 10 * GiB, cpuunits: 10_000, diskKb: 20 * 1024 * 1024 };

describe('target ranking', () => {
  it('ranks the emptier node first and shows before/after for source and target', () => {
    const r = rankTargets(ct, [node(1), node(2, { memCommittedBytes: 70 * GiB }), node(3, { memCommittedBytes: 20 * GiB })], DEFAULT_THRESHOLDS, { online: true });
    expect(r.map((f) => f.nodeId)).toEqual([3, 2]);
    expect(r[0]!.fits).toBe(true);
    expect(r[0]!.target.before.mem).toBeCloseTo(0.2);
    expect(r[0]!.target.after.mem).toBeCloseTo(0.3);
    expect(r[0]!.source.after.mem).toBeCloseTo(0.4);
    expect(r[0]!.source.after.cpu).toBeCloseTo(0.4);
  });

  it('refuses unreachable, over-threshold, short-of-disk, other-generation and other-kernel targets with reasons', () => {
    const r = rankTargets(ct, [
      node(1),
      node(2, { reachable: false }),
      node(3, { memCommittedBytes: 85 * GiB }),
      node(4, { diskFreeKb: 10 * 1024 * 1024 }),
      node(5, { generation: 'vz7', kernel: '3.10.0-1160.80.1.vz7.191.4' }),
      node(6, { kernel: '2.6.18-028stab101.1' }),
      node(7, { cpuCommittedUnits: 85_000 }),
    ], DEFAULT_THRESHOLDS, { online: true });
    const why = Object.fromEntries(r.map((f) => [f.nodeId, f.problems.join('|')]));
    expect(r.every((f) => !f.fits)).toBe(true);
    expect(why[2]).toContain('not reachable');
    expect(why[3]).toContain('memory commitment would be 95 %');
    expect(why[4]).toContain('not enough disk');
    expect(why[5]).toContain('generation differs');
    expect(why[6]).toContain('not compatible');
    expect(why[7]).toContain('CPU commitment would be 95 %');
    // An offline move does not need the same kernel.
    expect(rankTargets(ct, [node(1), node(6, { kernel: '2.6.18-028stab101.1' })], DEFAULT_THRESHOLDS, { online: false })[0]!.fits).toBe(true);
  });

  it('kernel families: same stab series match, other versions do not', () => {
    expect(kernelFamily('2.6.32-042stab134.8')).toBe(kernelFamily('2.6.32-042stab120.11'));
    expect(kernelFamily('2.6.32-042stab134.8')).not.toBe(kernelFamily('2.6.18-028stab101.1'));
  });
});

describe('evacuation planner', () => {
  it('moves every CT of a 20-CT node, spread over several targets, all within the thresholds', () => {
    const nodes = [node(1, { memCommittedBytes: 0, cpuCommittedUnits: 1000 }), ...[2, 3, 4, 5].map((id) => node(id, { memCommittedBytes: 40 * GiB, cpuCommittedUnits: 40_000 }))];
    const cts: PlanCt[] = Array.from({ length: 20 }, (_, i) => ({ ctId: String(100 + i), nodeId: 1, running: i % 5 !== 0, memBytes: (1 + (i % 4)) * GiB, cpuunits: 2000 + 500 * (i % 3), diskKb: 10 * 1024 * 1024 }));
    for (const c of cts) if (c.running) Object.assign(nodes[0]!, withMove(nodes[0]!, c, 1));
    const plan = planEvacuation(1, nodes, cts, DEFAULT_THRESHOLDS);
    expect(plan.unplaced).toEqual([]);
    expect(plan.moves).toHaveLength(20);
    expect(new Set(plan.moves.map((m) => m.ctId)).size).toBe(20);
    const targets = new Set(plan.moves.map((m) => m.toNodeId));
    expect(targets.size).toBe(4);
    expect(targets.has(1)).toBe(false);
    for (const m of plan.moves) {
      expect(m.target.after.mem).toBeLessThanOrEqual(DEFAULT_THRESHOLDS.memCommit);
      expect(m.target.after.cpu).toBeLessThanOrEqual(DEFAULT_THRESHOLDS.cpuCommit);
    }
    expect(plan.moves.filter((m) => !m.online).map((m) => m.ctId).sort()).toEqual(cts.filter((c) => !c.running).map((c) => c.ctId).sort());
    expect(plan.maxAfter.mem).toBeLessThanOrEqual(DEFAULT_THRESHOLDS.memCommit);
  });

  it('lists what does not fit instead of overfilling a node', () => {
    const nodes = [node(1), node(2, { memCommittedBytes: 85 * GiB })];
    const plan = planEvacuation(1, nodes, [ct], DEFAULT_THRESHOLDS);
    expect(plan.moves).toEqual([]);
    expect(plan.unplaced).toEqual([{ ctId: '101', reason: expect.stringContaining('memory commitment would be 95 %') }]);
  });

  it('never places on a node in maintenance', () => {
    const plan = planEvacuation(1, [node(1), node(2, { maintenance: true }), node(3, { memCommittedBytes: 80 * GiB })], [ct], DEFAULT_THRESHOLDS);
    expect(plan.moves.map((m) => m.toNodeId)).toEqual([3]);
  });
});

describe('rebalance planner', () => {
  it('suggests a few moves that lower the worst commitment, each with before/after', () => {
    const f = syntheticFleet({ nodes: 8, ctsPerNode: 12, seed: 3, skew: 0.8 });
    const plan = planRebalance(f.nodes, f.cts, { ...DEFAULT_THRESHOLDS, memCommit: 2, cpuCommit: 2 }, { maxMoves: 5 });
    expect(plan.moves.length).toBeGreaterThan(0);
    expect(plan.moves.length).toBeLessThanOrEqual(5);
    const worst = (c: { mem: number; cpu: number }) => Math.max(c.mem, c.cpu);
    expect(worst(plan.maxAfter)).toBeLessThan(worst(plan.maxBefore));
    for (const m of plan.moves) expect(worst(m.source.after)).toBeLessThan(worst(m.source.before));
  });

  it('suggests nothing for a balanced fleet', () => {
    const nodes = [node(1), node(2), node(3)];
    const cts: PlanCt[] = [1, 2, 3].map((id) => ({ ...ct, ctId: String(id), nodeId: id }));
    expect(planRebalance(nodes, cts, DEFAULT_THRESHOLDS).moves).toEqual([]);
    expect(computeCommitment(nodes[0]!)).toEqual({ mem: 0.5, cpu: 0.5 });
  });
});
