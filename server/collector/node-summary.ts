import type { BeancounterBlock } from '../openvz/beancounters';
import { computeNodeMemoryCommitment, computeNodeMemoryTotals, type NodeMemoryCommitment } from '../openvz/formulas/memory-commitment';
import { computeNodeOversell } from '../openvz/formulas/vswap';
import type { MemoryModel, NodeSummary } from '../../db/stored-shapes';
import { HOST_CT_ID } from '../../vocabulary/ct-id';

/**
 * A node's overview figures from one snapshot, with the pure formulas. The collector computes
 * them once per poll and stores them in the snapshot row, so the overview reads 1000 small stored
 * values instead of summing a million beancounters per request (bench/ui).
 */
export interface NodeSummaryInput {
  blocks: readonly BeancounterBlock[];
  runningCtIds: ReadonlySet<string>;
  memory: { memTotalKb: number; swapTotalKb: number | null; lowTotalKb: number | null } | null;
  quotas: readonly { ctId: string; blocksUsage: number | null; blocksHard: number | null }[];
  /** How many CTs the poll listed (running or not): the overview's "running / total". */
  ctTotal: number;
  /** vzmemcheck over the running CTs when the caller computed it already (the collector, for history). */
  commitment?: NodeMemoryCommitment | null;
}

export function computeNodeSummary(input: NodeSummaryInput): NodeSummary {
  let memory: NodeSummary['memory'] = null;
  const m = input.memory;
  if (m && m.memTotalKb > 0) {
    const mc = input.commitment ?? computeNodeMemoryCommitment(input.blocks, computeNodeMemoryTotals(m), input.runningCtIds);
    const os = computeNodeOversell(input.blocks, { memTotalKb: m.memTotalKb, swapTotalKb: m.swapTotalKb ?? 0 }, input.runningCtIds);
    const excluded = mc.summary.excluded.allocCommit.length;
    const oversell = os.ramSwapOversell;
    const model: MemoryModel = mc.containers.length > 0 && excluded * 2 > mc.containers.length && oversell !== null ? 'vzoversell' : 'vzmemcheck';
    const s = mc.summary;
    memory = { model, commitment: model === 'vzoversell' ? oversell! : s.allocCommit, allocCommit: s.allocCommit, allocUtil: s.allocUtil, memswapUtil: s.memswapUtil, oversell, commitExcluded: excluded };
  }
  let usedKb = 0;
  let hardKb = 0;
  for (const q of input.quotas) {
    if (q.ctId === HOST_CT_ID || !q.blocksHard || q.blocksHard <= 0) continue;
    usedKb += q.blocksUsage ?? 0;
    hardKb += q.blocksHard;
  }
  return { memory, disk: { usedKb, hardKb, share: hardKb > 0 ? usedKb / hardKb : null }, cts: { running: input.runningCtIds.size, total: input.ctTotal } };
}
