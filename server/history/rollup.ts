import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { BucketRow } from './accumulator';
import { findLayouts } from './layouts';
import { rollupBuckets, type StoredBucket } from './merge';
import { selectRows } from '../../db/sql-rows';
import { isoLiteral, toMs } from './sql-values';
import { decodeStoredBucket, STORED_BUCKET_COLUMNS, type StoredBucketRow } from './stored-buckets';
import { bucketStart, DEFAULT_HISTORY_TIERS, type HistoryTier } from './tiers';
import { writeBuckets } from './write';

/**
 * Coarser tiers computed from the stored rows of the next finer tier — never from memory, so a
 * restart mid-bucket loses nothing. Per node it computes every coarse bucket after its newest
 * stored one that has ended one finer bucket before `closedBefore` (so the last finer bucket of
 * a coarse one, written in the same sweep, is in); later ones are left for a later call. Finer
 * buckets written later than that are not looked at again unless `recomputeLast` is set.
 * Rewriting a bucket replaces it, so running it twice changes nothing.
 */

/** Finer rows read per query: bounds memory (a 1-minute row of 60 CTs is ~11 KB of arrays). */
const READ_BATCH_ROWS = 3000;

export interface RollupResult {
  /** Coarse buckets written. */
  buckets: number;
  /** Finer rows read. */
  finerRows: number;
}

export interface RollupOptions {
  /** The configured tiers (for writing); default DEFAULT_HISTORY_TIERS. */
  tiers?: readonly HistoryTier[];
  /** Also recompute each node's newest stored coarse bucket (finer rows came in after it). */
  recomputeLast?: boolean;
}

export async function rollup(
  db: Db,
  tierFrom: HistoryTier,
  tierTo: HistoryTier,
  nodeIds: readonly number[],
  closedBefore: Date | number,
  options: RollupOptions = {},
): Promise<RollupResult> {
  const tiers = options.tiers ?? DEFAULT_HISTORY_TIERS;
  if (tierTo.resolutionMs <= tierFrom.resolutionMs || tierTo.resolutionMs % tierFrom.resolutionMs !== 0) {
    throw new RangeError(`history: cannot roll ${tierFrom.name} up into ${tierTo.name}`);
  }
  const res = tierTo.resolutionMs;
  // One finer bucket of slack: the last finer bucket before a boundary may still be on its way
  // (drained and written in the same sweep as this runs); the coarse bucket waits for it.
  const endMs = bucketStart(toMs(closedBefore) - tierFrom.resolutionMs, res);
  // The finer tier still holds whole coarse buckets only from here on.
  const oldest = toMs(closedBefore) - tierFrom.retentionMs;
  const floorMs = bucketStart(oldest, res) < oldest ? bucketStart(oldest, res) + res : bucketStart(oldest, res);
  if (nodeIds.length === 0 || floorMs >= endMs) return { buckets: 0, finerRows: 0 };

  // Per node: the bucket after its newest coarse one, or else its oldest finer row, so only what
  // exists is read. Index probes, a few per node.
  const spans = await selectRows<{ node_id: number; last: Date | string | null; first: Date | string | null }>(
    db,
    sql`select n.id as node_id,
          (select max(bucket) from history_buckets
            where resolution_s = ${res / 1000} and node_id = n.id and bucket >= ${isoLiteral(floorMs)}::timestamptz and bucket < ${isoLiteral(endMs)}::timestamptz) as last,
          (select min(bucket) from history_buckets
            where resolution_s = ${tierFrom.resolutionMs / 1000} and node_id = n.id and bucket >= ${isoLiteral(floorMs)}::timestamptz and bucket < ${isoLiteral(endMs)}::timestamptz) as first
        from unnest(${`{${[...new Set(nodeIds)].join(',')}}`}::int[]) as n(id)`,
  );
  const starts: NodeStart[] = [];
  for (const r of spans) {
    if (r.first === null) continue; // no finer rows to roll up
    const from = r.last !== null ? toMs(r.last) + (options.recomputeLast ? 0 : res) : bucketStart(toMs(r.first), res);
    const start = Math.max(floorMs, from);
    if (start < endMs) starts.push({ nodeId: r.node_id, start });
  }

  const result: RollupResult = { buckets: 0, finerRows: 0 };
  const read = (batch: NodeStart[]) => readFiner(db, tierFrom, batch, endMs);
  const list = [...batches(starts, endMs, tierFrom.resolutionMs)];
  // The next batch is read (by the database, on its own core) while this one is merged.
  let next = list[0] ? read(list[0]) : null;
  try {
    for (let b = 0; b < list.length; b++) {
      const rows = await next!;
      next = list[b + 1] ? read(list[b + 1]!) : null;
      result.finerRows += rows.length;
      const coarse: BucketRow[] = [];
      for (const [nodeId, fine] of groupByNode(rows)) {
        for (const c of rollupBuckets(fine, res)) coarse.push({ ...c, nodeId, resolutionMs: res });
      }
      result.buckets += (await writeBuckets(db, coarse, tiers)).rows;
    }
  } catch (err) {
    await next?.catch(() => undefined); // a read started ahead must not fail unobserved
    throw err;
  }
  return result;
}

interface NodeStart {
  nodeId: number;
  start: number;
}

type FinerRow = StoredBucket & { nodeId: number };

async function readFiner(db: Db, tier: HistoryTier, batch: readonly NodeStart[], endMs: number): Promise<FinerRow[]> {
  const from = Math.min(...batch.map((n) => n.start));
  const rows = await selectRows<StoredBucketRow>(
    db,
    sql`select ${STORED_BUCKET_COLUMNS}
        from history_buckets
        where resolution_s = ${tier.resolutionMs / 1000} and node_id = any(${`{${batch.map((n) => n.nodeId).join(',')}}`}::int[])
          and bucket >= ${isoLiteral(from)}::timestamptz and bucket < ${isoLiteral(endMs)}::timestamptz`,
  );
  const layouts = await findLayouts(db, rows.map((r) => r.layout_id));
  const startOf = new Map(batch.map((n) => [n.nodeId, n.start]));
  const out: FinerRow[] = [];
  for (const r of rows) {
    if (toMs(r.bucket) < startOf.get(r.node_id)!) continue;
    out.push(decodeStoredBucket(r, layouts));
  }
  return out;
}

/** Rows by node, each node's in bucket order (sorted here: an ORDER BY would make the server sort
 * the wide rows, spilling to disk). */
function groupByNode(rows: readonly FinerRow[]): Map<number, FinerRow[]> {
  const out = new Map<number, FinerRow[]>();
  for (const r of rows) (out.get(r.nodeId) ?? out.set(r.nodeId, []).get(r.nodeId)!).push(r);
  for (const list of out.values()) list.sort((a, b) => a.bucket - b.bucket);
  return out;
}

function* batches<T extends { start: number }>(nodes: readonly T[], endMs: number, finerMs: number): Generator<T[]> {
  let batch: T[] = [];
  let rows = 0;
  for (const n of nodes) {
    const estimate = (endMs - n.start) / finerMs;
    if (batch.length && rows + estimate > READ_BATCH_ROWS) {
      yield batch;
      batch = [];
      rows = 0;
    }
    batch.push(n);
    rows += estimate;
  }
  if (batch.length) yield batch;
}

/** Rolls every tier up from the one before it, finest first (1m → 30m, then 30m → 6h). */
export async function rollupTiers(db: Db, nodeIds: readonly number[], closedBefore: Date | number, options: RollupOptions = {}): Promise<RollupResult[]> {
  const tiers = options.tiers ?? DEFAULT_HISTORY_TIERS;
  const out: RollupResult[] = [];
  for (let i = 1; i < tiers.length; i++) out.push(await rollup(db, tiers[i - 1]!, tiers[i]!, nodeIds, closedBefore, options));
  return out;
}
