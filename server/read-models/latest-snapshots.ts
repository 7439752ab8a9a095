import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { BeancounterBlock } from '../openvz/beancounters';
import type { NodeSummary, PackedBeancounters, PackedQuotas } from '../../db/stored-shapes';
import { unpackBeancounters, unpackQuotas, type CtQuota } from '../collector/packed-snapshot';
import { intArrayLiteral, msOrNull, selectRows, textArrayLiteral } from '../../db/sql-rows';

export interface LatestSnapshot {
  nodeId: number;
  snapshotId: number;
  collectedAtMs: number;
  memTotalKb: number | null;
  swapTotalKb: number | null;
  lowTotalKb: number | null;
  cpu: { currentUtilization: number; nodePower: number; overcommitted: boolean } | null;
  /** Overview figures the collector computed for this snapshot; null for snapshots without. */
  summary: NodeSummary | null;
  warnings: string;
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
  summary: NodeSummary | string | null;
  warnings: string;
}

const num = (v: number | string | null) => (v === null ? null : Number(v));
const json = <T>(v: T | string | null): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/**
 * The newest snapshot of every node (or of the given ones) without its beancounters: one index
 * probe per node on (node_id, collected_at) instead of a scan of all snapshots.
 */
export async function findLatestSnapshots(db: Db, nodeIds?: readonly number[]): Promise<Map<number, LatestSnapshot>> {
  const which = nodeIds ? sql`where n.id = any(${intArrayLiteral(nodeIds)}::int[])` : sql``;
  const rows = await selectRows<Row>(
    db,
    sql`select n.id as node_id, s.id as snapshot_id, extract(epoch from s.collected_at) * 1000 as collected_ms,
          s.mem_total_kb, s.swap_total_kb, s.low_total_kb,
          s.cpu_utilization as cpu_util, s.cpu_node_power as node_power, s.cpu_overcommitted as overcommitted, s.summary, s.warnings
        from nodes n
        cross join lateral (
          select id, collected_at, mem_total_kb, swap_total_kb, low_total_kb, cpu_utilization, cpu_node_power, cpu_overcommitted, summary, warnings
          from snapshots where node_id = n.id order by collected_at desc, id desc limit 1
        ) s
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
        summary: json(r.summary),
        warnings: r.warnings,
      },
    ]),
  );
}

export interface SnapshotContents {
  snapshotId: number;
  blocks: BeancounterBlock[];
  quotas: CtQuota[];
}

/**
 * Beancounters and quotas of the given snapshots, optionally only of some CTs — picked out of the
 * packed value in the database, so a lookup of one CT does not ship the node's whole snapshot.
 */
export async function findSnapshotContents(db: Db, snapshotIds: readonly number[], ctIds?: readonly string[]): Promise<Map<number, SnapshotContents>> {
  if (snapshotIds.length === 0) return new Map();
  const ids = sql`${intArrayLiteral(snapshotIds)}::bigint[]`;
  const rows = ctIds
    ? await selectRows<{ id: number | string; beancounters: PackedBeancounters | string; quotas: PackedQuotas | string }>(
        db,
        sql`select s.id,
              coalesce((select jsonb_agg(e) from jsonb_array_elements(s.beancounters) e where e->>0 = any(${textArrayLiteral(ctIds)}::text[])), '[]'::jsonb) as beancounters,
              coalesce((select jsonb_agg(e) from jsonb_array_elements(s.quotas) e where e->>0 = any(${textArrayLiteral(ctIds)}::text[])), '[]'::jsonb) as quotas
            from snapshots s where s.id = any(${ids})`,
      )
    : await selectRows<{ id: number | string; beancounters: PackedBeancounters | string; quotas: PackedQuotas | string }>(
        db,
        sql`select id, beancounters, quotas from snapshots where id = any(${ids})`,
      );
  return new Map(
    rows.map((r) => {
      const snapshotId = Number(r.id);
      return [snapshotId, { snapshotId, blocks: unpackBeancounters(json(r.beancounters)), quotas: unpackQuotas(json(r.quotas)) }];
    }),
  );
}
