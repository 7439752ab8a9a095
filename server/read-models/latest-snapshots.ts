import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { BeancounterBlock } from '../openvz/beancounters';
import type { NodeSummary, PackedBeancounters, PackedQuotas } from '../../db/stored-shapes';
import { storedBeancounters, unpackQuotas, type CtQuota } from '../collector/packed-snapshot';
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
 * Beancounters and quotas of the given snapshots, optionally only of some CTs (a lookup of one CT
 * builds the rows of that CT only).
 */
export async function findSnapshotContents(db: Db, snapshotIds: readonly number[], ctIds?: readonly string[]): Promise<Map<number, SnapshotContents>> {
  if (snapshotIds.length === 0) return new Map();
  const ids = sql`${intArrayLiteral(snapshotIds)}::bigint[]`;
  const wanted = ctIds ? new Set(ctIds) : undefined;
  // Quotas are picked out in the database; beancounters are bytes, picked out while decoding
  // (rows from before issue 16 carry JSON: filtered the same way, in memory).
  const quotas = ctIds
    ? sql`coalesce((select jsonb_agg(e) from jsonb_array_elements(s.quotas) e where e->>0 = any(${textArrayLiteral(ctIds)}::text[])), '[]'::jsonb)`
    : sql`s.quotas`;
  const rows = await selectRows<{ id: number | string; beancounters: PackedBeancounters | string | null; beancounters_packed: Uint8Array | null; quotas: PackedQuotas | string }>(
    db,
    sql`select s.id, s.beancounters, s.beancounters_packed, ${quotas} as quotas from snapshots s where s.id = any(${ids})`,
  );
  return new Map(
    rows.map((r) => {
      const snapshotId = Number(r.id);
      const blocks = storedBeancounters({ beancounters: json(r.beancounters), beancountersPacked: r.beancounters_packed }, wanted);
      return [snapshotId, { snapshotId, blocks, quotas: unpackQuotas(json(r.quotas)) }];
    }),
  );
}
