import type { StalenessRule } from './staleness';

/**
 * Where the plain-language verdicts draw their lines. One set for the support desk, the fleet
 * overview and the wall screen, so the three never disagree about a node or a container.
 */
export interface VerdictThresholds extends StalenessRule {
  /** held / barrier at or above this share counts as "at its limit" (guarantees excepted). */
  atLimitShare: number;
  /** held / barrier at or above this share is worth a line of evidence ("close to its limit"). */
  nearShare: number;
  /**
   * Node figures: memory promised (vzmemcheck alloc commit, or vzoversell on VSwap) as a fraction
   * of RAM + swap counts as pressure from here. Far above 100 % is normal on a hosting node.
   */
  memoryCommit: number;
  /** RAM + swap in use (vzmemcheck memswap util): from here the node is short of memory. */
  memoryInUse: number;
  /** Σ cpuunits / node power: above 1 the guarantees are oversold (vzcpucheck's warning). */
  cpuCommitted: number;
  /** Σ quota usage / Σ hard limits of the node's containers. */
  diskUsed: number;
  /** The recent window: refusals in it are "now" (the caller counts them over this span). */
  recentMs: number;
  /** Containers with new refusals in the recent window at which a node's failures count as a storm. */
  stormContainers: number;
  /** Refusals in the recent window at which a node's failures count as a storm. */
  stormRefusals: number;
}

export const DEFAULT_VERDICT_THRESHOLDS: VerdictThresholds = {
  atLimitShare: 0.95,
  nearShare: 0.85,
  memoryCommit: 2,
  memoryInUse: 0.9,
  cpuCommitted: 1,
  diskUsed: 0.9,
  // Stale = no poll for 3 of the node's own intervals (staleness.ts), at least 30 s.
  staleAfterPolls: 3,
  staleFloorMs: 30_000,
  recentMs: 10 * 60_000,
  stormContainers: 3,
  stormRefusals: 500,
};
