import type { BeancounterBlock } from '../beancounters';
import { computeCpuGuarantees, type CtCpuSettings } from '../formulas/cpu-guarantee';
import { computeNodeMemoryCommitment, computeNodeMemoryTotals, type CommitColumn, type NodeMemoryInput } from '../formulas/memory-commitment';
import { applyChange, ubcOfChange, type CtLimits, type LimitChange, type NodeFacts } from './params';
import { validateLimitChange, type LimitFinding } from './rules';

/**
 * "What if I set this?": the CT's own headroom against what it really used lately, and the node's
 * vzmemcheck commitment and vzcpucheck guarantee after the change, computed with the SAME pure
 * formulas the node charts use (server/openvz/formulas). Pure: the caller reads the snapshot and
 * the history; nothing here runs a tool.
 */

export interface WhatIfInput {
  ctId: string;
  change: LimitChange;
  current: CtLimits;
  node: NodeFacts;
  /** The node's latest /proc/user_beancounters, every CT. */
  blocks: readonly BeancounterBlock[];
  /** Running CTs (vzmemcheck and vzcpucheck count only those). */
  runningCtIds: ReadonlySet<string>;
  memory: NodeMemoryInput | null;
  /** Node power and the running CTs' cpuunits, CT0 included (vzcpucheck -v). */
  cpu: { nodePower: number; running: readonly CtCpuSettings[] } | null;
  /** Highest held of the changed beancounter over the recent history (and the current maxheld); null = unknown. */
  recentMaxheld: number | null;
  /** Refusals of the changed beancounter over the same window. */
  recentRefusals: number;
}

export interface Headroom {
  resource: string;
  recentMaxheld: number;
  /** recentMaxheld / barrier (barrier 0 → the limit); null when unlimited. */
  shareBefore: number | null;
  shareAfter: number | null;
  /** The recent peak would have been refused under the new setting. */
  wouldRefuse: boolean;
}

export type CommitFigures = Record<CommitColumn, number>;

export interface WhatIf {
  ok: boolean;
  findings: LimitFinding[];
  headroom: Headroom | null;
  recentRefusals: number;
  /** vzmemcheck's commit columns over the running CTs, before and after (fractions: 1 = 100 %). */
  memory: { before: CommitFigures; after: CommitFigures; ramSwapBytes: number } | null;
  /** vzcpucheck: Σ cpuunits / node power, before and after. */
  cpu: { before: number; after: number; nodePower: number; utilizationBefore: number; utilizationAfter: number } | null;
}

const COMMITS: readonly CommitColumn[] = ['lowmemCommit', 'memswapCommit', 'allocCommit', 'allocLimit'];

/** The node's blocks with this CT's settings replaced by `after` (held values untouched). */
export function blocksWithSettings(blocks: readonly BeancounterBlock[], ctId: string, after: CtLimits): BeancounterBlock[] {
  return blocks.map((b) =>
    b.ctId !== ctId
      ? b
      : { ctId: b.ctId, beancounters: b.beancounters.map((bc) => { const s = after.ubc[bc.resource as keyof CtLimits['ubc']]; return s ? { ...bc, barrier: s.barrier, limit: s.limit } : bc; }) },
  );
}

const wallOf = (s: { barrier: number | null; limit: number | null } | undefined) => (s === undefined ? null : s.barrier === 0 ? s.limit : s.barrier);

function headroomOf(input: WhatIfInput, after: CtLimits): Headroom | null {
  const res = ubcOfChange(input.change);
  if (res === null || input.recentMaxheld === null) return null;
  const before = wallOf(input.current.ubc[res]);
  const next = wallOf(after.ubc[res]);
  const share = (w: number | null) => (w === null || w <= 0 ? null : input.recentMaxheld! / w);
  return { resource: res, recentMaxheld: input.recentMaxheld, shareBefore: share(before), shareAfter: share(next), wouldRefuse: next !== null && input.recentMaxheld >= next };
}

function commits(blocks: readonly BeancounterBlock[], input: WhatIfInput): CommitFigures {
  const totals = computeNodeMemoryTotals(input.memory!);
  const s = computeNodeMemoryCommitment(blocks, totals, input.runningCtIds).summary;
  return Object.fromEntries(COMMITS.map((c) => [c, s[c]])) as CommitFigures;
}

function cpuOf(input: WhatIfInput, after: CtLimits): WhatIf['cpu'] {
  if (!input.cpu || input.cpu.nodePower <= 0) return null;
  const running = input.cpu.running;
  const changed = running.map((c) => (c.ctId === input.ctId && after.cpuunits !== null ? { ...c, cpuunits: after.cpuunits } : c));
  // One CPU stands in for the node's count: only the cap shares depend on it, and they are not shown here.
  const before = computeCpuGuarantees(running, input.cpu.nodePower, 1);
  const next = computeCpuGuarantees(changed, input.cpu.nodePower, 1);
  return { before: before.committed, after: next.committed, nodePower: input.cpu.nodePower, utilizationBefore: before.utilization, utilizationAfter: next.utilization };
}

export function computeLimitWhatIf(input: WhatIfInput): WhatIf {
  const { ok, findings } = validateLimitChange(input.current, input.change, input.node);
  const after = applyChange(input.current, input.change);
  const memory = input.memory
    ? { before: commits(input.blocks, input), after: commits(blocksWithSettings(input.blocks, input.ctId, after), input), ramSwapBytes: computeNodeMemoryTotals(input.memory).ramSwapBytes }
    : null;
  return { ok, findings, headroom: headroomOf(input, after), recentRefusals: input.recentRefusals, memory, cpu: cpuOf(input, after) };
}
