import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { intArrayLiteral, selectRows } from '../../db/sql-rows';
import type { BucketRow } from './accumulator';
import { findLayouts, layoutHash, upsertLayouts } from './layouts';
import { mergeBuckets } from './merge';
import { isoLiteral, realArrayLiteral, toMs } from './sql-values';
import { bucketKey, decodeStoredBucket, STORED_BUCKET_COLUMNS, type StoredBucketRow } from './stored-buckets';

/**
 * Adds buckets to the stored rows of the same (node, tier, bucket): the polls of one minute of a
 * node that was handed over between instances (or whose instance stopped and came back) are split
 * between two writers, and each writes its part. Replacing kept only the last part (fewer samples,
 * a gap in the maxima); merging keeps both, weighted by their samples (merge.ts). Only for buckets
 * an instance writes once from memory: a rollup recomputes its buckets and must replace them.
 *
 * The stored rows are locked (in key order, so two merging writers cannot deadlock) and read, the
 * sums computed here, and written back in one transaction. Returns the rows merged; a key whose
 * stored row is gone (its partition dropped) is skipped.
 */
export async function mergeIntoStoredBuckets(db: Db, rows: readonly BucketRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const incoming = new Map(rows.map((r) => [bucketKey(r.nodeId, r.resolutionMs, r.bucket), r]));
  return db.transaction(async (txRaw) => {
    // Layouts through the transaction too: on PGlite a query outside it would wait for it to end.
    const tx = txRaw as unknown as Db;
    const stored = await selectRows<StoredBucketRow & { resolution_s: number }>(
      tx,
      sql`select ${STORED_BUCKET_COLUMNS}, resolution_s from history_buckets
          where (node_id, resolution_s, bucket) in (
            select * from unnest(${intArrayLiteral(rows.map((r) => r.nodeId))}::int[], ${intArrayLiteral(rows.map((r) => r.resolutionMs / 1000))}::int[],
                                 ${`{${rows.map((r) => isoLiteral(r.bucket)).join(',')}}`}::timestamptz[]))
          order by node_id, resolution_s, bucket
          for update`,
    );
    if (stored.length === 0) return 0;
    const layouts = await findLayouts(tx, stored.map((r) => r.layout_id));
    const merged = stored.map((s) => {
      const part = incoming.get(bucketKey(s.node_id, s.resolution_s * 1000, toMs(s.bucket)))!;
      return { ...mergeBuckets([decodeStoredBucket(s, layouts), part], part.bucket), nodeId: part.nodeId, resolutionMs: part.resolutionMs };
    });
    const layoutIds = await upsertLayouts(tx, merged, merged.map(layoutHash));
    const values = merged.map(
      (m, i) =>
        sql`(${m.nodeId}::int, ${m.resolutionMs / 1000}::int, ${isoLiteral(m.bucket)}::timestamptz, ${layoutIds[i]!}::int, ${m.samples}::int, ${m.counts ? intArrayLiteral(m.counts) : null}::int[], ${realArrayLiteral(m.avg)}::real[], ${realArrayLiteral(m.max)}::real[])`,
    );
    await tx.execute(sql`update history_buckets b set layout_id = v.layout_id, samples = v.samples, counts = v.counts, avg = v.avg, max = v.max
      from (values ${sql.join(values, sql`, `)}) as v(node_id, resolution_s, bucket, layout_id, samples, counts, avg, max)
      where b.node_id = v.node_id and b.resolution_s = v.resolution_s and b.bucket = v.bucket`);
    return merged.length;
  });
}
