import { computeCommitment, type Commitment, type PlanNode, type Thresholds } from './model';

/**
 * The limits one placement decision applies, resolved from the configured thresholds and the fleet
 * as it runs now. Pure.
 *
 * Memory is judged twice, because the two numbers fail differently:
 * - in use (held): what the target must really carry. Past RAM + swap the OOM killer acts, so a
 *   safety margin is kept for the kernel, CT0, page cache and the peaks of the resident CTs.
 * - the promise (alloc commit / VSwap limits): hosting nodes routinely promise 150–200 % of RAM +
 *   swap, betting that CTs do not all use their plan at once. A move must not make the target a
 *   bigger bet than the fleet already takes: at most `memPromiseOverFleet` above the fleet's 90th
 *   percentile, never above `memPromiseCeiling`, and never refused below 100 % (nothing oversold).
 */
export interface PlacementLimits {
  /** Highest memory in use after the move, fraction of RAM + swap. */
  memInUse: number;
  /** Highest memory promise after the move, fraction of RAM + swap (resolved against the fleet). */
  memPromise: number;
  /** The fleet's 90th percentile promise the limit was resolved from. */
  fleetPromise: number;
  /** Highest Σ cpuunits / power after the move. */
  cpuGuarantee: number;
  diskReserveKb: number;
}

/** A promise at or below RAM + swap oversells nothing: never a reason to refuse a move. */
export const PROMISE_FLOOR = 1;
/** The fleet's reference promise: the 90th percentile, so one extreme node does not set the bar. */
export const FLEET_PROMISE_PERCENTILE = 0.9;

/** Nearest-rank percentile (p in 0..1) of the values; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1]!;
}

/** The promise the fleet runs at: its nodes with collected figures, at the 90th percentile. */
export function computeFleetPromise(nodes: readonly PlanNode[]): number {
  const known = nodes.filter((n) => n.reachable && n.memCapacityBytes > 0).map((n) => computeCommitment(n).mem);
  return percentile(known, FLEET_PROMISE_PERCENTILE);
}

/** The promise limit for a fleet promising `fleetPromise`: relative to it, within floor and ceiling. */
export function resolvePromiseLimit(fleetPromise: number, t: Pick<Thresholds, 'memPromiseOverFleet' | 'memPromiseCeiling'>): number {
  return Math.min(t.memPromiseCeiling, Math.max(PROMISE_FLOOR, fleetPromise + t.memPromiseOverFleet));
}

/** Resolved once per decision (a plan resolves them before its first move, so its own moves cannot raise the bar). */
export function computePlacementLimits(nodes: readonly PlanNode[], t: Thresholds): PlacementLimits {
  const fleetPromise = computeFleetPromise(nodes);
  return { memInUse: t.memInUse, memPromise: resolvePromiseLimit(fleetPromise, t), fleetPromise, cpuGuarantee: t.cpuGuarantee, diskReserveKb: t.diskReserveKb };
}

export type LimitProblem = 'memInUse' | 'memPromise' | 'cpuGuarantee';

/** Which limits a node's figures after a move break, with the words a person reads. */
export function findLimitProblems(after: Commitment, l: PlacementLimits): { figure: LimitProblem; message: string }[] {
  const out: { figure: LimitProblem; message: string }[] = [];
  if (after.memInUse > l.memInUse) out.push({ figure: 'memInUse', message: `memory in use would be ${pct(after.memInUse)} of RAM + swap (limit ${pct(l.memInUse)})` });
  if (after.mem > l.memPromise) out.push({ figure: 'memPromise', message: `memory commitment would be ${pct(after.mem)} (limit ${describePromiseLimit(l)})` });
  if (after.cpu > l.cpuGuarantee) out.push({ figure: 'cpuGuarantee', message: `CPU guarantees would be ${pct(after.cpu)} of the node's power (limit ${pct(l.cpuGuarantee)})` });
  return out;
}

/** "235 %: the fleet runs at 225 %" — the limit with where it came from. */
export function describePromiseLimit(l: Pick<PlacementLimits, 'memPromise' | 'fleetPromise'>): string {
  return `${pct(l.memPromise)}; the fleet runs at ${pct(l.fleetPromise)}`;
}

/**
 * How close a node's figures are to the limits: 1 = at a limit. Ranking and rebalancing compare
 * nodes by it, so a node near its in-use margin counts as full even with a modest promise.
 */
export function computePressure(c: Commitment, l: PlacementLimits): number {
  return Math.max(c.memInUse / l.memInUse, c.mem / l.memPromise, c.cpu / l.cpuGuarantee);
}

function pct(x: number): string {
  return `${Math.round(x * 100)} %`;
}
