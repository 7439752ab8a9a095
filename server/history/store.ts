/**
 * History storage in the database (every function takes the Drizzle `db`; Postgres or PGlite):
 * packed rows per node and bucket in time-partitioned tables, written per sweep, rolled up into
 * coarser tiers from stored rows, expired by dropping partitions, read for charts.
 */
export { ensurePartitions, dropExpiredPartitions, listPartitions, type EnsurePartitionsOptions, type PartitionInfo } from './partitions';
export { writeBuckets, WRITE_CHUNK_ROWS, type WriteResult } from './write';
export { rollup, rollupTiers, type RollupOptions, type RollupResult } from './rollup';
export { querySeries, listSeriesKeys, type SeriesQuery, type SeriesResult, type SeriesPoint } from './query';
export { layoutHash, findLayouts, type Layout } from './layouts';
