import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { BucketRow } from './accumulator';
import { layoutHash, upsertLayouts } from './layouts';
import { mergeIntoStoredBuckets } from './merge-stored';
import { bucketKey } from './stored-buckets';
import { ensurePartitionsCovering, forgetKnownPartitions } from './partitions';
import { intArrayLiteral } from '../../db/sql-rows';
import { chunked, isoLiteral, realArrayLiteral, sqlState } from './sql-values';
import { DEFAULT_HISTORY_TIERS, tierOfResolution, type HistoryTier } from './tiers';

/**
 * Rows per INSERT. Each statement's array text is built in one go on the event loop: at 1000 nodes
 * a minute's 1000 rows in chunks of 500 held it for ~230 ms per chunk, and polls due meanwhile
 * started that late (bench/collector's "poll start after its slot"); 100 rows take ~1/5 of that and
 * the loop runs polls between statements.
 */
export const WRITE_CHUNK_ROWS = 100;

export interface WriteResult {
  rows: number;
  statements: number;
  /** Rows added to a stored bucket of the same key instead of inserted (onConflict 'merge'). */
  merged: number;
}

/**
 * What a write does with a bucket that is stored already. 'replace': a rollup's recomputed bucket
 * (writing it twice changes nothing). 'merge': a finest-tier bucket written from memory, once per
 * writer: another writer's row holds the other polls of the same minute (merge-stored.ts).
 */
export type OnBucketConflict = 'replace' | 'merge';

/**
 * Writes closed buckets (one sweep's worth at a time). A bucket that is stored already is replaced
 * or merged into, as `onConflict` says. Missing partitions are created first; the new rows go in
 * one transaction, the merges (rare: a hand-over's minute) in a second.
 */
export async function writeBuckets(
  db: Db,
  rows: readonly BucketRow[],
  tiers: readonly HistoryTier[] = DEFAULT_HISTORY_TIERS,
  onConflict: OnBucketConflict = 'replace',
): Promise<WriteResult> {
  // The last of several rows for one (node, tier, bucket) wins: one INSERT may not touch a row twice.
  // In key order, as layouts.ts: instances writing the same buckets lock them in one order.
  const unique = [...new Map(rows.map((r) => [bucketKey(r.nodeId, r.resolutionMs, r.bucket), r])).values()].sort(
    (a, b) => a.nodeId - b.nodeId || a.resolutionMs - b.resolutionMs || a.bucket - b.bucket,
  );
  if (unique.length === 0) return { rows: 0, statements: 0, merged: 0 };

  const byTier = new Map<number, number[]>();
  for (const r of unique) {
    if (r.keys.length !== r.avg.length || r.keys.length !== r.max.length || r.keys.length !== r.barrier.length || r.keys.length !== r.limit.length || (r.counts && r.counts.length !== r.keys.length)) {
      throw new RangeError(`history: bucket of node ${r.nodeId} at ${isoLiteral(r.bucket)} has arrays of different lengths`);
    }
    (byTier.get(r.resolutionMs) ?? byTier.set(r.resolutionMs, []).get(r.resolutionMs)!).push(r.bucket);
  }
  const ensure = async () => {
    for (const [resolutionMs, buckets] of byTier) await ensurePartitionsCovering(db, tierOfResolution(tiers, resolutionMs), buckets);
  };
  await ensure();

  const hashes = unique.map(layoutHash);
  const layoutIds = await upsertLayouts(db, unique, hashes);

  const chunks = chunked(
    unique.map((r, i) => ({ r, layoutId: layoutIds[i]! })),
    WRITE_CHUNK_ROWS,
  );
  const conflictClause =
    onConflict === 'replace'
      ? sql`do update set layout_id = excluded.layout_id, samples = excluded.samples, counts = excluded.counts, avg = excluded.avg, max = excluded.max`
      : sql`do nothing returning node_id, resolution_s, extract(epoch from bucket) * 1000 as bucket_ms`;
  let inserted = new Set<string>();
  const insert = () => db.transaction(async (tx) => {
    inserted = new Set();
    for (const part of chunks) {
      const values = part.map(
        ({ r, layoutId }) =>
          sql`(${r.nodeId}, ${r.resolutionMs / 1000}, ${isoLiteral(r.bucket)}::timestamptz, ${layoutId}, ${r.samples}, ${r.counts ? intArrayLiteral(r.counts) : null}::int[], ${realArrayLiteral(r.avg)}::real[], ${realArrayLiteral(r.max)}::real[])`,
      );
      const res = await tx.execute(sql`insert into history_buckets (node_id, resolution_s, bucket, layout_id, samples, counts, avg, max)
        values ${sql.join(values, sql`, `)}
        on conflict (node_id, resolution_s, bucket) ${conflictClause}`);
      if (onConflict === 'merge') {
        for (const r of (res as unknown as { rows: { node_id: number; resolution_s: number; bucket_ms: number | string }[] }).rows) {
          inserted.add(bucketKey(r.node_id, r.resolution_s * 1000, Number(r.bucket_ms)));
        }
      }
    }
  });
  try {
    await insert();
  } catch (err) {
    // "no partition of relation found for row": another process dropped one we knew of. Once more.
    if (sqlState(err) !== '23514') throw err;
    forgetKnownPartitions(db);
    await ensure();
    await insert();
  }
  if (onConflict === 'replace') return { rows: unique.length, statements: chunks.length, merged: 0 };
  const stored = unique.filter((r) => !inserted.has(bucketKey(r.nodeId, r.resolutionMs, r.bucket)));
  const merged = await mergeIntoStoredBuckets(db, stored);
  return { rows: unique.length, statements: chunks.length + (stored.length ? 1 : 0), merged };
}
