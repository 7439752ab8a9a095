import { rankTargets } from './fit';
import { computePlacementLimits, computePressure, type PlacementLimits } from './limits';
import { computeCommitment, withMove, type Commitment, type PlanCt, type PlanNode, type Thresholds } from './model';

/** One planned move with the figures of both nodes before and after it (in plan order). */
export interface PlannedMove {
  ctId: string;
  fromNodeId: number;
  toNodeId: number;
  online: boolean;
  source: { before: Commitment; after: Commitment };
  target: { before: Commitment; after: Commitment };
}

export interface Plan {
  moves: PlannedMove[];
  /** CTs no node can take within the thresholds, with the best candidate's reasons. */
  unplaced: { ctId: string; reason: string }[];
  /** Each figure's highest value over the nodes, before and after the plan. */
  maxBefore: Commitment;
  maxAfter: Commitment;
  /** The limits every move was judged by, resolved once from the fleet before the first move. */
  limits: PlacementLimits;
}

function maxCommitment(nodes: Iterable<PlanNode>): Commitment {
  const max: Commitment = { mem: 0, memInUse: 0, cpu: 0 };
  for (const n of nodes) {
    const c = computeCommitment(n);
    max.mem = Math.max(max.mem, c.mem);
    max.memInUse = Math.max(max.memInUse, c.memInUse);
    max.cpu = Math.max(max.cpu, c.cpu);
  }
  return max;
}

function applyMove(state: Map<number, PlanNode>, cts: PlanCt[], ct: PlanCt, toId: number, online: boolean): PlannedMove {
  const from = state.get(ct.nodeId)!;
  const to = state.get(toId)!;
  const fromAfter = withMove(from, ct, -1);
  const toAfter = withMove(to, ct, 1);
  state.set(from.id, fromAfter);
  state.set(to.id, toAfter);
  const i = cts.indexOf(ct);
  cts[i] = { ...ct, nodeId: toId };
  return {
    ctId: ct.ctId,
    fromNodeId: from.id,
    toNodeId: toId,
    online,
    source: { before: computeCommitment(from), after: computeCommitment(fromAfter) },
    target: { before: computeCommitment(to), after: computeCommitment(toAfter) },
  };
}

/**
 * Evacuation: every CT of `nodeId` gets a home on another node, biggest first, each on the node
 * whose pressure after the move is lowest — so the load spreads over many nodes instead of
 * filling one. Running CTs move live; a CT that cannot move live (kernel) is tried offline.
 * The limits are resolved from the fleet before the first move, so the plan's own moves cannot
 * raise the fleet's promise and with it the bar.
 */
export function planEvacuation(nodeId: number, nodes: readonly PlanNode[], cts: readonly PlanCt[], t: Thresholds): Plan {
  const limits = computePlacementLimits(nodes, t);
  const state = new Map(nodes.map((n) => [n.id, { ...n }]));
  const source = state.get(nodeId);
  if (!source) throw new Error(`node ${nodeId} is not in the plan`);
  // The evacuated node itself takes nothing while it is emptied.
  state.set(nodeId, { ...source, maintenance: true });
  const maxBefore = maxCommitment([...state.values()].filter((n) => n.id !== nodeId));
  const all = cts.map((c) => ({ ...c }));
  const mine = all
    .filter((c) => c.nodeId === nodeId)
    .sort((a, b) => worstShare(b, source) - worstShare(a, source) || b.diskKb - a.diskKb || a.ctId.localeCompare(b.ctId));
  const moves: PlannedMove[] = [];
  const unplaced: Plan['unplaced'] = [];
  for (const ct of mine) {
    const current = all.find((c) => c.ctId === ct.ctId && c.nodeId === nodeId)!;
    const nodesNow = [...state.values()];
    let online = current.running;
    let ranked = rankTargets(current, nodesNow, limits, { online });
    if (!ranked[0]?.fits && online) {
      const offline = rankTargets(current, nodesNow, limits, { online: false });
      if (offline[0]?.fits) {
        ranked = offline;
        online = false;
      }
    }
    const best = ranked[0];
    if (!best?.fits) {
      unplaced.push({ ctId: ct.ctId, reason: best ? `${best.name}: ${best.problems.join('; ')}` : 'no other node' });
      continue;
    }
    moves.push(applyMove(state, all, current, best.nodeId, online));
  }
  return { moves, unplaced, maxBefore, maxAfter: maxCommitment([...state.values()].filter((n) => n.id !== nodeId)), limits };
}

/** A CT's larger share of its node's memory or CPU: what makes it "big" there. */
function worstShare(ct: PlanCt, node: PlanNode): number {
  return Math.max(node.memCapacityBytes > 0 ? ct.memBytes / node.memCapacityBytes : 0, node.cpuPower > 0 ? ct.cpuunits / node.cpuPower : 0);
}

/**
 * Rebalance: up to `maxMoves` live moves, each taking the running CT off the node under the most
 * pressure (closest to or past its limits, limits.ts) that lowers that pressure the most, the
 * target kept within the limits. Stops when no move lowers it by at least `minGain`.
 */
export function planRebalance(nodes: readonly PlanNode[], cts: readonly PlanCt[], t: Thresholds, opts: { maxMoves?: number; minGain?: number } = {}): Plan {
  const maxMoves = opts.maxMoves ?? 5;
  const minGain = opts.minGain ?? 0.005;
  const limits = computePlacementLimits(nodes, t);
  const worst = (c: Commitment) => computePressure(c, limits);
  const state = new Map(nodes.map((n) => [n.id, { ...n }]));
  const all = cts.map((c) => ({ ...c }));
  const maxBefore = maxCommitment(state.values());
  const moves: PlannedMove[] = [];
  const moved = new Set<string>();
  while (moves.length < maxMoves) {
    const eligible = [...state.values()].filter((n) => n.reachable);
    const hot = eligible.sort((a, b) => worst(computeCommitment(b)) - worst(computeCommitment(a)))[0];
    if (!hot) break;
    const hotNow = worst(computeCommitment(hot));
    let best: { ct: PlanCt; toId: number; result: number } | null = null;
    for (const ct of all) {
      if (ct.nodeId !== hot.id || !ct.running || moved.has(ct.ctId)) continue;
      const fromAfter = worst(computeCommitment(withMove(hot, ct, -1)));
      for (const fit of rankTargets(ct, [...state.values()], limits, { online: true })) {
        if (!fit.fits) break;
        const result = Math.max(fromAfter, worst(fit.target.after));
        if (!best || result < best.result) best = { ct, toId: fit.nodeId, result };
        break; // ranked: the first fitting target is this CT's best
      }
    }
    if (!best || hotNow - best.result < minGain) break;
    moved.add(best.ct.ctId);
    moves.push(applyMove(state, all, best.ct, best.toId, true));
  }
  return { moves, unplaced: [], maxBefore, maxAfter: maxCommitment(state.values()), limits };
}
