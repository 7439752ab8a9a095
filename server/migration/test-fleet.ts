import type { PlanCt, PlanNode } from './model';

const GiB = 1024 ** 3;

/** A small deterministic fleet for tests and bench/planner: `nodes` nodes, skewed load. */
export function syntheticFleet(opts: { nodes: number; ctsPerNode: number; seed: number; skew: number }): { nodes: PlanNode[]; cts: PlanCt[] } {
  let s = opts.seed >>> 0 || 1;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const nodes: PlanNode[] = [];
  const cts: PlanCt[] = [];
  for (let i = 0; i < opts.nodes; i++) {
    const id = i + 1;
    const node: PlanNode = {
      id, name: `node-${id}`, generation: 'legacy', kernel: '2.6.32-042stab134.8', reachable: true, maintenance: false,
      memCapacityBytes: (64 + 32 * (i % 3)) * GiB, memCommittedBytes: 0, memInUseBytes: 0, cpuPower: 400_000, cpuCommittedUnits: 1000, diskFreeKb: 2_000 * 1024 * 1024,
    };
    // Skew: the first nodes carry more CTs.
    const count = Math.max(1, Math.round(opts.ctsPerNode * (1 + opts.skew * (1 - (2 * i) / Math.max(1, opts.nodes - 1)))));
    // CT sizes shrink as CTs per node grow, so an average node sits near 55 % committed.
    const scale = 16 / opts.ctsPerNode;
    for (let j = 0; j < count; j++) {
      const running = rnd() > 0.1;
      const memBytes = Math.round((0.5 + rnd() * 3.5) * GiB * scale);
      // Hosting CTs hold well under their plan: ~40 % now, ~55 % at their peak.
      const ct: PlanCt = {
        ctId: String(id * 1000 + j), nodeId: id, running, memBytes, memHeldBytes: Math.round(memBytes * 0.4), memPeakBytes: Math.round(memBytes * 0.55),
        cpuunits: Math.round((2000 + rnd() * 14000) * scale), diskKb: Math.round((2 + rnd() * 40) * 1024 * 1024),
      };
      cts.push(ct);
      if (ct.running) {
        node.memCommittedBytes += ct.memBytes;
        node.memInUseBytes += ct.memHeldBytes;
        node.cpuCommittedUnits += ct.cpuunits;
      }
      node.diskFreeKb! -= ct.diskKb;
    }
    nodes.push(node);
  }
  return { nodes, cts };
}
