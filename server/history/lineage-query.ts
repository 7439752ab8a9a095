import type { Db } from '../../db/client';
import { HOST_CT_ID } from '../../vocabulary/ct-id';
import { parseSeriesKey } from '../../vocabulary/series-key';
import { mergeLineageSeries } from './merge-segments';
import { querySeries, type SeriesQuery, type SeriesResult } from './query';
import type { HistoryTier } from './tiers';

/**
 * Where a CT lived, newest first: on `nodeId` until `until` (null = still there). Read from the
 * migration records (server/migration/lineage.ts) and passed in, as migration depends on history.
 */
export type FindLineage = (nodeId: number, ctId: string) => Promise<ReadonlyArray<{ nodeId: number; until: Date | null }>>;

/**
 * A chart read that follows a container across live migrations: when every key is one CT's
 * series, the CT's history is read on every node it came through and joined at the moves.
 * Node series, a mix of CTs, or a CT that never moved read one node, as querySeries does.
 */
export async function querySeriesAcrossMoves(db: Db, findLineage: FindLineage, query: SeriesQuery, tiers?: readonly HistoryTier[]): Promise<SeriesResult[]> {
  const read = (nodeId: number) => querySeries(db, { ...query, nodeId }, tiers);
  const ctId = singleContainer(query.keys);
  const lineage = ctId && ctId !== HOST_CT_ID ? await findLineage(query.nodeId, ctId) : [];
  if (lineage.length < 2) return read(query.nodeId);
  const parts = await Promise.all(lineage.map(async (seg) => ({ until: seg.until?.getTime() ?? null, series: await read(seg.nodeId) })));
  return mergeLineageSeries(parts);
}

/** The CT id when every key is one container's series; null for node series or a mix. */
function singleContainer(keys: readonly string[]): string | null {
  const ids = new Set(
    keys.map((k) => {
      const parts = parseSeriesKey(k);
      return parts && parts.kind !== 'node' ? parts.ctId : null;
    }),
  );
  const [only] = ids;
  return ids.size === 1 && only ? only : null;
}
