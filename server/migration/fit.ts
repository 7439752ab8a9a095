import { computeCommitment, kernelFamily, withMove, type Commitment, type PlanCt, type PlanNode, type Thresholds } from './model';

/** Why a node is or is not a good home for a CT; `fits` = every hard condition holds. */
export interface TargetFit {
  nodeId: number;
  name: string;
  fits: boolean;
  /** Lower is better: the target's worst commitment after the move, plus penalties. */
  score: number;
  problems: string[];
  source: { before: Commitment; after: Commitment };
  target: { before: Commitment; after: Commitment };
  diskFreeKb: number | null;
  /** The target's own figures disagree with its recorded capacity ("the node reports more RAM than …"). */
  warnings: string[];
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** Hard conditions for placing `ct` (currently on `source`) on `target`. */
export function findFitProblems(ct: PlanCt, source: PlanNode, target: PlanNode, t: Thresholds, opts: { online: boolean }): string[] {
  const problems: string[] = [];
  if (!target.reachable) problems.push('target is not reachable');
  if (target.maintenance) problems.push('target is in maintenance');
  if (source.generation && target.generation && source.generation !== target.generation) {
    problems.push(`OpenVZ generation differs (${source.generation} → ${target.generation})`);
  }
  if (opts.online && ct.running && kernelFamily(source.kernel) !== kernelFamily(target.kernel)) {
    problems.push(`kernel ${target.kernel ?? 'unknown'} is not compatible with ${source.kernel ?? 'unknown'} for live migration`);
  }
  const after = computeCommitment(withMove(target, ct, 1));
  if (after.mem > t.memCommit) problems.push(`memory commitment would be ${pct(after.mem)} (limit ${pct(t.memCommit)})`);
  if (after.cpu > t.cpuCommit) problems.push(`CPU commitment would be ${pct(after.cpu)} (limit ${pct(t.cpuCommit)})`);
  if (target.diskFreeKb !== null && target.diskFreeKb - ct.diskKb < t.diskReserveKb) {
    problems.push(`not enough disk: ${Math.round(target.diskFreeKb / 1024)} MiB free, ${Math.round(ct.diskKb / 1024)} MiB needed`);
  }
  return problems;
}

export function scoreFit(ct: PlanCt, source: PlanNode, target: PlanNode, t: Thresholds, opts: { online: boolean }): TargetFit {
  const problems = findFitProblems(ct, source, target, t, opts);
  const tAfter = computeCommitment(withMove(target, ct, 1));
  const disk = target.diskFreeKb === null ? 0 : Math.max(0, 1 - (target.diskFreeKb - ct.diskKb) / Math.max(1, target.diskFreeKb + 1));
  return {
    nodeId: target.id,
    name: target.name,
    fits: problems.length === 0,
    score: Math.max(tAfter.mem / t.memCommit, tAfter.cpu / t.cpuCommit) + 0.05 * disk + (problems.length > 0 ? 100 + problems.length : 0),
    problems,
    source: { before: computeCommitment(source), after: computeCommitment(withMove(source, ct, -1)) },
    target: { before: computeCommitment(target), after: tAfter },
    diskFreeKb: target.diskFreeKb,
    warnings: target.warnings ?? [],
  };
}

/** Every other node, best home first: fitting ones by lowest commitment after the move. */
export function rankTargets(ct: PlanCt, nodes: readonly PlanNode[], t: Thresholds, opts: { online: boolean }): TargetFit[] {
  const source = nodes.find((n) => n.id === ct.nodeId);
  if (!source) throw new Error(`CT ${ct.ctId}: its node ${ct.nodeId} is not in the plan`);
  return nodes
    .filter((n) => n.id !== source.id)
    .map((n) => scoreFit(ct, source, n, t, opts))
    .sort((a, b) => a.score - b.score || a.nodeId - b.nodeId);
}
