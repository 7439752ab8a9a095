import { sameRows, type BeancounterBlock } from '../beancounters';

/**
 * failcnt is cumulative over the beancounter's life, so a non-zero value says nothing about
 * now: what matters is how much it grew since the last poll (docs/openvz/FORMULAS.md §1.1, checklist §12.5).
 *
 * Choices, each one deliberate:
 * - No previous snapshot, or a CT (or resource row) seen for the first time: no baseline, so no
 *   event — otherwise every restart of the collector would raise every old failure again.
 * - A decrease means the beancounter was recreated (CT restart, migration). It is reported in
 *   `resets`. The beancounter started again from 0, so a non-zero new value is failures since the
 *   restart: that becomes an event with `afterReset: true` — what `vzubc -r` shows in that case.
 * - CT0 (the node itself) is included like any CT.
 */

export interface FailcntEvent {
  ctId: string;
  resource: string;
  /** How many more allocations were refused since the previous snapshot (> 0). */
  delta: number;
  held: number;
  maxheld: number;
  barrier: number | null;
  limit: number | null;
  failcnt: number;
  /** The counter had been reset between the snapshots; delta is the whole new value. */
  afterReset: boolean;
  at: Date;
}

export interface FailcntReset {
  ctId: string;
  resource: string;
  previousFailcnt: number;
  failcnt: number;
  at: Date;
}

export interface FailcntChanges {
  events: FailcntEvent[];
  resets: FailcntReset[];
}

export function computeFailcntEvents(
  prev: readonly BeancounterBlock[] | null,
  next: readonly BeancounterBlock[],
  at: Date,
): FailcntChanges {
  const events: FailcntEvent[] = [];
  const resets: FailcntReset[] = [];
  if (prev === null) return { events, resets };
  const before = new Map(prev.map((b) => [b.ctId, b.beancounters]));
  for (const block of next) {
    const rows = before.get(block.ctId);
    // The common poll: the same rows with the same failcnts, so no events.
    if (rows === undefined || sameRows(rows, block.beancounters, (x, y) => x.failcnt === y.failcnt)) continue;
    const old = new Map(rows.map((bc) => [bc.resource, bc.failcnt]));
    for (const bc of block.beancounters) {
      const previousFailcnt = old.get(bc.resource);
      if (previousFailcnt === undefined || previousFailcnt === bc.failcnt) continue;
      const afterReset = bc.failcnt < previousFailcnt;
      if (afterReset) resets.push({ ctId: block.ctId, resource: bc.resource, previousFailcnt, failcnt: bc.failcnt, at });
      const delta = afterReset ? bc.failcnt : bc.failcnt - previousFailcnt;
      if (delta === 0) continue;
      const { resource, held, maxheld, barrier, limit, failcnt } = bc;
      events.push({ ctId: block.ctId, resource, delta, held, maxheld, barrier, limit, failcnt, afterReset, at });
    }
  }
  return { events, resets };
}
