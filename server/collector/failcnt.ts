import type { BeancounterBlock } from '../openvz/beancounters';
import { computeFailcntEvents, type FailcntEvent } from '../openvz/formulas/failcnt-events';
import type { Db } from '../../db/client';
import { failcntEvents } from '../../db/schema';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Compares this poll's counters with the previous snapshot's (the baseline) and inserts one event
 * per increase — inside the caller's transaction, which also replaces that snapshot, so a crash in
 * between loses and doubles nothing.
 */
export async function recordFailcntEvents(
  tx: Tx,
  nodeId: number,
  baseline: { blocks: readonly BeancounterBlock[]; at: Date } | null,
  blocks: readonly BeancounterBlock[],
  at: Date,
): Promise<FailcntEvent[]> {
  // A poll older than the baseline (clock stepped back) must not produce events twice.
  if (baseline && baseline.at.getTime() >= at.getTime()) return [];
  const { events } = computeFailcntEvents(baseline?.blocks ?? null, blocks, at);
  if (events.length) {
    await tx
      .insert(failcntEvents)
      .values(
        events.map((e) => ({
          nodeId,
          ctId: e.ctId,
          resource: e.resource,
          at: e.at,
          delta: e.delta,
          failcnt: e.failcnt,
          held: e.held,
          maxheld: e.maxheld,
          barrier: e.barrier,
          limit: e.limit,
          afterReset: e.afterReset,
        })),
      )
      .onConflictDoNothing();
  }
  return events;
}
