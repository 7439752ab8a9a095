import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { selectRows } from '../../db/sql-rows';

/**
 * Allocations refused per node and resource since the first stored event: a counter Prometheus can
 * take increase() of, without exporting ~1,200 per-CT failcnt series per node. Events older than a
 * settling margin are summed once and kept ("base"); only the recent tail is read again at every
 * refresh, so an event committed a little late (a slow transaction) is still counted, exactly once.
 */
export const SETTLE_MS = 10 * 60_000;

interface Row { node_id: number; resource: string; refused: number | string }

export class FailcntTotals {
  private cutoffMs = 0;
  private readonly base = new Map<number, Map<string, number>>();

  /** Totals at `now`: node id → resource → refusals. */
  async read(db: Db, now: Date): Promise<Map<number, Map<string, number>>> {
    const nextCutoff = Math.max(this.cutoffMs, now.getTime() - SETTLE_MS);
    const sum = (from: number, to: number | null) =>
      selectRows<Row>(
        db,
        sql`select node_id, resource, sum(delta)::float8 as refused from failcnt_events
            where at >= ${new Date(from).toISOString()}::timestamptz ${to === null ? sql`` : sql`and at < ${new Date(to).toISOString()}::timestamptz`}
            group by node_id, resource`,
      );
    if (nextCutoff > this.cutoffMs) {
      addInto(this.base, await sum(this.cutoffMs, nextCutoff));
      this.cutoffMs = nextCutoff;
    }
    const out = new Map<number, Map<string, number>>();
    for (const [node, m] of this.base) out.set(node, new Map(m));
    addInto(out, await sum(this.cutoffMs, null));
    return out;
  }
}

function addInto(into: Map<number, Map<string, number>>, rows: readonly Row[]): void {
  for (const r of rows) {
    const m = into.get(r.node_id) ?? into.set(r.node_id, new Map()).get(r.node_id)!;
    m.set(r.resource, (m.get(r.resource) ?? 0) + Number(r.refused));
  }
}
