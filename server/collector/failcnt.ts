import type { BeancounterBlock } from '../openvz/beancounters';
import { computeFailcntEvents, type FailcntEvent } from '../openvz/formulas/failcnt-events';
import type { Db } from '../../db/client';
import { sql, type SQL } from 'drizzle-orm';

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
  if (events.length) await tx.execute(insertFailcntEvents(nodeId, events, sql`true`));
  return events;
}

/**
 * The INSERT of a poll's events, rows as one JSON parameter; `when` gates it (the quiet-poll
 * statement stores them only together with its snapshot). A repeated event is dropped by the
 * (node, CT, resource, time) unique index.
 */
export function insertFailcntEvents(nodeId: number, events: readonly FailcntEvent[], when: SQL): SQL {
  const rows = events.map(failcntEventRow);
  return sql`insert into failcnt_events (node_id, ct_id, resource, at, delta, failcnt, held, maxheld, barrier, "limit", after_reset)
    select ${nodeId}, e.ct_id, e.resource, e.at, e.delta, e.failcnt, e.held, e.maxheld, e.barrier, e."limit", e.after_reset
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as e(${FAILCNT_EVENT_RECORD})
    where ${when}
    on conflict do nothing`;
}

/** The columns of a failcnt event row as jsonb_to_recordset reads it (failcntEventRow). */
export const FAILCNT_EVENT_RECORD = sql.raw(
  'ct_id text, resource text, at timestamptz, delta bigint, failcnt bigint, held bigint, maxheld bigint, barrier bigint, "limit" bigint, after_reset boolean',
);

/** One event as a JSON row for FAILCNT_EVENT_RECORD. */
export function failcntEventRow(e: FailcntEvent) {
  return {
    ct_id: e.ctId,
    resource: e.resource,
    at: e.at.toISOString(),
    delta: e.delta,
    failcnt: e.failcnt,
    held: e.held,
    maxheld: e.maxheld,
    barrier: e.barrier,
    limit: e.limit,
    after_reset: e.afterReset,
  };
}
