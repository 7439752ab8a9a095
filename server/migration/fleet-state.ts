import type { NodeSnapshot } from '../collector/interpret';
import { PAGE_SIZE } from '../openvz/beancounters';
import { computeContainerMemory, computeNodeMemoryTotals } from '../openvz/formulas/memory-commitment';
import { computeMemoryInUse } from '../openvz/formulas/memory-in-use';
import { believedCapacity, findCapacityWarnings, MAX_PLAN_CTS_PER_NODE, type ClaimedCapacity, type RecordedCapacity } from '../inventory/capacity';
import type { PlanCt, PlanNode } from './model';
import type { NodeProbe } from './probe';

export interface NodeFacts {
  id: number;
  name: string;
  snapshot: NodeSnapshot | null;
  probe: NodeProbe | null;
  maintenance: boolean;
  /** The node's real capacity as an admin recorded it; null = not recorded. */
  capacity?: RecordedCapacity | null;
}

/** What a CT promises in memory: vzmemcheck's alloc commit, else its VSwap RAM + swap limit, else what it holds. */
function promisedBytes(block: NodeSnapshot['beancounters'][number] | undefined, totals: ReturnType<typeof computeNodeMemoryTotals>): number {
  if (!block) return 0;
  const m = computeContainerMemory(block.beancounters, totals);
  if (m.bytes.allocCommit !== null && m.missing.length === 0) return m.bytes.allocCommit;
  const get = (r: string) => block.beancounters.find((b) => b.resource === r);
  const phys = get('physpages')?.limit;
  const swap = get('swappages')?.limit;
  if (phys != null && swap != null) return (phys + swap) * PAGE_SIZE;
  return (get('privvmpages')?.held ?? 0) * PAGE_SIZE;
}

/**
 * Snapshots (collector) and probes (migration probe) → the planner's numbers. Pure. What a node
 * claims is bounded here: its capacity never counts above what an admin recorded (or MAX_CLAIM),
 * and a node listing more than MAX_PLAN_CTS_PER_NODE containers is no target.
 */
export function buildPlanState(facts: readonly NodeFacts[]): { nodes: PlanNode[]; cts: PlanCt[] } {
  const nodes: PlanNode[] = [];
  const cts: PlanCt[] = [];
  for (const f of facts) {
    const s = f.snapshot;
    const totals = s?.memory ? computeNodeMemoryTotals(s.memory) : null;
    const claimed: ClaimedCapacity = {
      ramBytes: totals?.ramBytes ?? null,
      swapBytes: totals?.swapBytes ?? null,
      vzFreeBytes: f.probe?.diskFreeKb != null ? f.probe.diskFreeKb * 1024 : null,
      cpuPower: s?.cpu?.nodePower ?? null,
    };
    const believed = believedCapacity(claimed, f.capacity ?? null);
    const warnings = findCapacityWarnings(claimed, f.capacity ?? null).map((w) => w.message);
    const listed = s?.containers ?? [];
    const tooMany = listed.length > MAX_PLAN_CTS_PER_NODE;
    if (tooMany) warnings.push(`the node reports ${listed.length} containers, more than ${MAX_PLAN_CTS_PER_NODE}: it is not used as a target`);
    let memCommitted = 0;
    let memInUse = 0;
    let cpuCommitted = s?.cpu?.currentUtilization ?? 0;
    for (const c of listed.slice(0, MAX_PLAN_CTS_PER_NODE)) {
      const running = (f.probe?.cts.get(c.ctId) ?? c.status) === 'running';
      const block = s?.beancounters.find((b) => b.ctId === c.ctId);
      const memBytes = totals ? promisedBytes(block, totals) : 0;
      // A running CT whose counters are unknown is taken as holding its whole promise: never as empty.
      const inUse = block ? computeMemoryInUse(block.beancounters) : null;
      const memHeldBytes = inUse?.heldBytes ?? memBytes;
      const memPeakBytes = inUse?.maxheldBytes ?? memBytes;
      cts.push({ ctId: c.ctId, nodeId: f.id, running, memBytes, memHeldBytes, memPeakBytes, cpuunits: c.cpuunits ?? 0, diskKb: c.quota.blocksUsage ?? 0 });
      if (running) {
        memCommitted += memBytes;
        memInUse += memHeldBytes;
      }
    }
    if (!s?.cpu) cpuCommitted = cts.filter((c) => c.nodeId === f.id && c.running).reduce((a, c) => a + c.cpuunits, 0);
    nodes.push({
      id: f.id,
      name: f.name,
      generation: s === null ? null : f.probe?.kernel?.includes('vz7') || s.containers.some((c) => c.ctId.includes('-')) ? 'vz7' : 'legacy',
      kernel: f.probe?.kernel ?? null,
      // A node without collected figures is no candidate: its commitment would read as empty.
      reachable: f.probe !== null && s !== null && totals !== null && !tooMany,
      maintenance: f.maintenance,
      memCapacityBytes: totals ? (believed.ramBytes ?? 0) + (believed.swapBytes ?? 0) : 0,
      memCommittedBytes: memCommitted,
      memInUseBytes: memInUse,
      cpuPower: believed.cpuPower ?? 0,
      cpuCommittedUnits: cpuCommitted,
      diskFreeKb: believed.vzFreeBytes === null ? null : Math.floor(believed.vzFreeBytes / 1024),
      warnings,
    });
  }
  return { nodes, cts };
}
