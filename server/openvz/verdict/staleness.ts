/**
 * When a node's newest figures stop counting as current. Relative to the node's own poll
 * interval: a node polled every 5 min is not late after 2 min, one polled every 5 s is very late.
 * Pure: times and intervals in, a line or a yes/no out.
 */
export interface StalenessRule {
  /** Missed polls after which the data is stale (one missed poll is a hiccup, three a pattern). */
  staleAfterPolls: number;
  /**
   * Never stale sooner than this: a poll of a busy node takes seconds (up to the SSH command
   * timeout), so with a very short interval one slow poll would otherwise look like an outage.
   */
  staleFloorMs: number;
}

/** The node's own interval when it has one (nodes.poll_interval_s), else the fleet default. */
export function effectivePollIntervalMs(nodePollIntervalS: number | null | undefined, fleetDefaultMs: number): number {
  return nodePollIntervalS != null && nodePollIntervalS > 0 ? nodePollIntervalS * 1000 : fleetDefaultMs;
}

/** How old a node's newest snapshot may get before it is an old picture rather than the present. */
export function computeStaleAfterMs(pollIntervalMs: number, rule: StalenessRule): number {
  return Math.max(rule.staleAfterPolls * pollIntervalMs, rule.staleFloorMs);
}

/** True when there is no snapshot at all or the newest one is older than the node's stale line. */
export function isDataTooOld(collectedAt: Date | null, now: Date, pollIntervalMs: number, rule: StalenessRule): boolean {
  if (collectedAt === null) return true;
  return now.getTime() - collectedAt.getTime() > computeStaleAfterMs(pollIntervalMs, rule);
}
