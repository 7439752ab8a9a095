import { computePressure, findLimitProblems, type PlacementLimits } from './limits';
import { computeCommitment, kernelFamily, withMove, type Commitment, type PlanCt, type PlanNode } from './model';

/** Why a node is or is not a good home for a CT; `fits` = every hard condition holds. */
export interface TargetFit {
  nodeId: number;
  name: string;
  fits: boolean;
  /** Lower is better: the target's pressure after the move (limits.ts), plus penalties. */
  score: number;
  problems: string[];
  source: { before: Commitment; after: Commitment };
  target: { before: Commitment; after: Commitment };
  /** The limits the move was judged by (resolved against the fleet). */
  limits: PlacementLimits;
  diskFreeKb: number | null;
  /** The target's own figures disagree with its recorded capacity ("the node reports more RAM than …"). */
  warnings: string[];
}

/** Hard conditions for placing `ct` (currently on `source`) on `target`. */
export function findFitProblems(ct: PlanCt, source: PlanNode, target: PlanNode, limits: PlacementLimits, opts: { online: boolean }): string[] {
  const problems: string[] = [];
  if (!target.reachable) problems.push('target is not reachable');
  if (target.maintenance) problems.push('target is in maintenance');
  if (source.generation && target.generation && source.generation !== target.generation) {
    problems.push(`OpenVZ generation differs (${source.generation} → ${target.generation})`);
  }
  if (opts.online && ct.running && kernelFamily(source.kernel) !== kernelFamily(target.kernel)) {
    problems.push(`kernel ${target.kernel ?? 'unknown'} is not compatible with ${source.kernel ?? 'unknown'} for live migration`);
  }
  problems.push(...findLimitProblems(computeCommitment(withMove(target, ct, 1)), limits).map((p) => p.message));
  if (target.diskFreeKb !== null && target.diskFreeKb - ct.diskKb < limits.diskReserveKb) {
    problems.push(`not enough disk: ${Math.round(target.diskFreeKb / 1024)} MiB free, ${Math.round(ct.diskKb / 1024)} MiB needed`);
  }
  return problems;
}

export function scoreFit(ct: PlanCt, source: PlanNode, target: PlanNode, limits: PlacementLimits, opts: { online: boolean }): TargetFit {
  const problems = findFitProblems(ct, source, target, limits, opts);
  const tAfter = computeCommitment(withMove(target, ct, 1));
  const disk = target.diskFreeKb === null ? 0 : Math.max(0, 1 - (target.diskFreeKb - ct.diskKb) / Math.max(1, target.diskFreeKb + 1));
  return {
    nodeId: target.id,
    name: target.name,
    fits: problems.length === 0,
    score: computePressure(tAfter, limits) + 0.05 * disk + (problems.length > 0 ? 100 + problems.length : 0),
    problems,
    source: { before: computeCommitment(source), after: computeCommitment(withMove(source, ct, -1)) },
    target: { before: computeCommitment(target), after: tAfter },
    limits,
    diskFreeKb: target.diskFreeKb,
    warnings: target.warnings ?? [],
  };
}

/** Every other node, best home first: fitting ones by lowest pressure after the move. */
export function rankTargets(ct: PlanCt, nodes: readonly PlanNode[], limits: PlacementLimits, opts: { online: boolean }): TargetFit[] {
  const source = nodes.find((n) => n.id === ct.nodeId);
  if (!source) throw new Error(`CT ${ct.ctId}: its node ${ct.nodeId} is not in the plan`);
  return nodes
    .filter((n) => n.id !== source.id)
    .map((n) => scoreFit(ct, source, n, limits, opts))
    .sort((a, b) => a.score - b.score || a.nodeId - b.nodeId);
}
