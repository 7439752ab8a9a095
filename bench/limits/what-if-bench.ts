/**
 * Cost of the pure limits work on a big node (run by hand: `npx tsx bench/limits/what-if-bench.ts`):
 * a what-if (validation + two vzmemcheck passes + vzcpucheck) and a node-wide diff of two polls, for
 * nodes of 50 to 2000 CTs. Prints the median of 20 runs in milliseconds.
 */
import type { BeancounterBlock } from '../../server/openvz/beancounters';
import { diffObservedLimits } from '../../server/openvz/limits/observe';
import { computeLimitWhatIf } from '../../server/openvz/limits/what-if';
import { basicCtLimits, LEGACY_NODE } from '../../server/openvz/limits/test-limits';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const limits = basicCtLimits();
const rows = Object.entries(limits.ubc).map(([resource, v]) => ({ resource, held: 1000, maxheld: 2000, barrier: v.barrier, limit: v.limit, failcnt: 0 }));

console.log('CTs   what-if ms   diff-two-polls ms');
for (const n of [50, 200, 1000, 2000]) {
  const blocks: BeancounterBlock[] = Array.from({ length: n }, (_, i) => ({ ctId: String(101 + i), beancounters: rows.map((r) => ({ ...r })) }));
  const running = new Set(blocks.map((b) => b.ctId));
  const cpu = { nodePower: 500000, running: blocks.map((b) => ({ ctId: b.ctId, cpuunits: 1000 })) };
  const times: number[] = [];
  const diffs: number[] = [];
  for (let k = 0; k < 20; k++) {
    let t0 = performance.now();
    computeLimitWhatIf({ ctId: '101', change: { param: 'privvmpages', barrier: 131072, limit: 139264 }, current: limits, node: LEGACY_NODE, blocks, runningCtIds: running, memory: { memTotalKb: 64 * 2 ** 20, swapTotalKb: 16 * 2 ** 20 }, cpu, recentMaxheld: 60000, recentRefusals: 3 });
    times.push(performance.now() - t0);
    t0 = performance.now();
    for (const b of blocks) diffObservedLimits({ ubc: b.beancounters, cpuunits: 1000 }, { ubc: b.beancounters, cpuunits: 1000 });
    diffs.push(performance.now() - t0);
  }
  console.log(`${String(n).padStart(4)}   ${median(times).toFixed(2).padStart(10)}   ${median(diffs).toFixed(2).padStart(17)}`);
}
