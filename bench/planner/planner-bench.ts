/**
 * Planner quality on synthetic fleets (run by hand: `npx tsx bench/planner/planner-bench.ts`).
 * For each fleet size and skew: evacuate the most loaded node and rebalance the fleet; print the
 * max node memory/CPU commitment before/after, the number of moves, and planning time.
 */
import { computeCommitment, DEFAULT_THRESHOLDS } from '../../server/migration/model';
import { planEvacuation, planRebalance } from '../../server/migration/planner';
import { syntheticFleet } from '../../server/migration/test-fleet';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
const rows: string[] = [];
rows.push('fleet            skew | evacuate: cts moved unplaced  maxMem(others) b→a        maxCpu b→a        ms | rebalance: moves  maxMem b→a        maxCpu b→a        ms');
for (const [nodes, ctsPerNode] of [[5, 20], [10, 20], [30, 25], [100, 30], [300, 30]] as const) {
  for (const skew of [0, 0.5, 0.9]) {
    const f = syntheticFleet({ nodes, ctsPerNode, seed: nodes * 31 + Math.round(skew * 10), skew });
    const hottest = [...f.nodes].sort((a, b) => computeCommitment(b).mem - computeCommitment(a).mem)[0]!;
    const t = DEFAULT_THRESHOLDS;
    let t0 = performance.now();
    const evac = planEvacuation(hottest.id, f.nodes, f.cts, t);
    const evacMs = performance.now() - t0;
    const n = f.cts.filter((c) => c.nodeId === hottest.id).length;
    t0 = performance.now();
    const reb = planRebalance(f.nodes, f.cts, t, { maxMoves: 10 });
    const rebMs = performance.now() - t0;
    rows.push(
      `${String(nodes).padStart(3)} nodes×${String(ctsPerNode).padStart(2)} cts ${skew.toFixed(1)} | ` +
        `${String(n).padStart(13)} ${String(evac.moves.length).padStart(5)} ${String(evac.unplaced.length).padStart(8)} ${pct(evac.maxBefore.mem)}→${pct(evac.maxAfter.mem)}  ${pct(evac.maxBefore.cpu)}→${pct(evac.maxAfter.cpu)} ${evacMs.toFixed(0).padStart(5)} | ` +
        `${String(reb.moves.length).padStart(16)}  ${pct(reb.maxBefore.mem)}→${pct(reb.maxAfter.mem)}  ${pct(reb.maxBefore.cpu)}→${pct(reb.maxAfter.cpu)} ${rebMs.toFixed(0).padStart(5)}`,
    );
  }
}
console.log(rows.join('\n'));
