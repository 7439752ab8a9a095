import { eq } from 'drizzle-orm';
import type { BeancounterBlock } from '../openvz/beancounters';
import { computeFailcntEvents, type FailcntEvent } from '../openvz/formulas/failcnt-events';
import type { Db } from '../../db/client';
import { failcntBaselines, failcntEvents } from '../../db/schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

function toBaseline(blocks: readonly BeancounterBlock[]): Record<string, Record<string, number>> {
  return Object.fromEntries(blocks.map((b) => [b.ctId, Object.fromEntries(b.beancounters.map((bc) => [bc.resource, bc.failcnt]))]));
}

function fromBaseline(counters: Record<string, Record<string, number>>): BeancounterBlock[] {
  return Object.entries(counters).map(([ctId, byResource]) => ({
    ctId,
    beancounters: Object.entries(byResource).map(([resource, failcnt]) => ({ resource, failcnt, held: 0, maxheld: 0, barrier: null, limit: null })),
  }));
}

/**
 * Compares this poll's counters with the stored baseline, inserts one event per increase and moves
 * the baseline — inside the caller's transaction, so a crash in between loses and doubles nothing.
 */
export async function recordFailcntEvents(tx: Tx, nodeId: number, blocks: readonly BeancounterBlock[], at: Date): Promise<FailcntEvent[]> {
  const [baseline] = await tx.select().from(failcntBaselines).where(eq(failcntBaselines.nodeId, nodeId)).for('update');
  // A poll older than the baseline (clock stepped back) must not produce events twice.
  if (baseline && baseline.collectedAt.getTime() >= at.getTime()) return [];
  const { events } = computeFailcntEvents(baseline ? fromBaseline(baseline.counters) : null, blocks, at);
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
  const counters = toBaseline(blocks);
  await tx
    .insert(failcntBaselines)
    .values({ nodeId, collectedAt: at, counters })
    .onConflictDoUpdate({ target: failcntBaselines.nodeId, set: { collectedAt: at, counters } });
  return events;
}
