import { sql } from 'drizzle-orm';
import type { Layout } from './layouts';
import type { StoredBucket } from './merge';
import { decodeArraySend, toMs } from './sql-values';

/**
 * Stored history rows as read back for merging (rollups, a bucket written by two instances): the
 * value arrays in binary (array_send), the layout by id. One place says which columns and how they
 * decode, so the two readers cannot drift apart.
 */

/** A stored row's key (node, tier by resolution, bucket start in epoch ms) as one string, for maps and sets. */
export function bucketKey(nodeId: number, resolutionMs: number, bucket: number): string {
  return `${nodeId}/${resolutionMs}/${bucket}`;
}

export const STORED_BUCKET_COLUMNS = sql.raw(
  'node_id, bucket, layout_id, samples, array_send(counts) as counts, array_send(avg) as avg, array_send(max) as max',
);

export interface StoredBucketRow {
  node_id: number;
  bucket: Date | string;
  layout_id: number;
  samples: number;
  counts: Uint8Array | null;
  avg: Uint8Array;
  max: Uint8Array;
}

/** One stored row with its layout, as merge.ts takes it. */
export function decodeStoredBucket(r: StoredBucketRow, layouts: ReadonlyMap<number, Layout>): StoredBucket & { nodeId: number } {
  const layout = layouts.get(r.layout_id);
  if (!layout) throw new Error(`history: layout ${r.layout_id} is missing`);
  return {
    nodeId: r.node_id,
    bucket: toMs(r.bucket),
    samples: r.samples,
    keys: layout.keys,
    avg: decodeArraySend(r.avg),
    max: decodeArraySend(r.max),
    counts: r.counts === null ? null : decodeArraySend(r.counts),
    barrier: layout.barrier,
    limit: layout.limit,
  };
}
