import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { intArrayLiteral, msOrNull, selectRows } from './sql-rows';

export interface LatestSnapshot {
  nodeId: number;
  snapshotId: number;
  collectedAtMs: number;
  memTotalKb: number | null;
  swapTotalKb: number | null;
  lowTotalKb: number | null;
  cpu: { currentUtilization: number; nodePower: number; overcommitted: boolean } | null;
}

interface Row {
  node_id: number;
  snapshot_id: number | string;
  collected_ms: number | string;
  mem_total_kb: number | string | null;
  swap_total_kb: number | string | null;
  low_total_kb: number | string | null;
  cpu_util: number | string | null;
  node_power: number | string | null;
  overcommitted: boolean | null;
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

/**
 * The newest snapshot of every node (or of the given ones), with its vzcpucheck figures, in one
 * query: one index probe per node on (node_id, collected_at) instead of a scan of all snapshots.
 */
export async function findLatestSnapshots(db: Db, nodeIds?: readonly number[]): Promise<Map<number, LatestSnapshot>> {
  const which = nodeIds ? sql`where n.id = any(${intArrayLiteral(nodeIds)}::int[])` : sql``;
  const rows = await selectRows<Row>(
    db,
    sql`select n.id as node_id, s.id as snapshot_id, extract(epoch from s.collected_at) * 1000 as collected_ms,
          s.mem_total_kb, s.swap_total_kb, s.low_total_kb,
          c.current_utilization as cpu_util, c.node_power, c.overcommitted
        from nodes n
        cross join lateral (
          select id, collected_at, mem_total_kb, swap_total_kb, low_total_kb from snapshots
          where node_id = n.id order by collected_at desc, id desc limit 1
        ) s
        left join cpu_figures c on c.snapshot_id = s.id
        ${which}`,
  );
  return new Map(
    rows.map((r) => [
      r.node_id,
      {
        nodeId: r.node_id,
        snapshotId: Number(r.snapshot_id),
        collectedAtMs: msOrNull(r.collected_ms)!,
        memTotalKb: num(r.mem_total_kb),
        swapTotalKb: num(r.swap_total_kb),
        lowTotalKb: num(r.low_total_kb),
        cpu:
          r.node_power === null
            ? null
            : { currentUtilization: Number(r.cpu_util), nodePower: Number(r.node_power), overcommitted: Boolean(r.overcommitted) },
      },
    ]),
  );
}
