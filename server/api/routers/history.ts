import { z } from 'zod';
import { mergeLineageSeries } from '../../history/merge-segments';
import { querySeries } from '../../history/store';
import { findCtLineage } from '../../migration/lineage';
import { HOST_CT_ID } from '../../../vocabulary/ct-id';
import { HISTORY_RANGE_MS, HISTORY_RANGES } from '../../../vocabulary/history-range';
import { parseSeriesKey } from '../../../vocabulary/series-key';
import { createTRPCRouter, procedureFor } from '../init';

/** Series keys by the one grammar (vocabulary/series-key.ts): `ct/<ctId>/<resource>`, `ct/<ctId>/@<figure>`, `node/<figure>`. */
const seriesKeySchema = z.string().max(100).refine((k) => parseSeriesKey(k) !== null, 'not a series key');

export const historyRouter = createTRPCRouter({
  series: procedureFor('admin', 'operator', 'support')
    .input(
      z.object({
        nodeId: z.number().int().positive(),
        keys: z.array(seriesKeySchema).min(1).max(50),
        range: z.enum(HISTORY_RANGES),
        maxPoints: z.number().int().min(10).max(1000).default(1000),
      }),
    )
    .query(async ({ ctx, input }) => {
      const now = ctx.services.clock().getTime();
      const read = (nodeId: number) =>
        querySeries(ctx.services.db, { nodeId, keys: input.keys, from: now - HISTORY_RANGE_MS[input.range], to: now, now, maxPoints: input.maxPoints }, ctx.services.historyTiers);
      // A container's history continues across live migrations: read it on every node it came through.
      const ctId = singleContainer(input.keys);
      const lineage = ctId && ctId !== HOST_CT_ID ? await findCtLineage(ctx.services.db, input.nodeId, ctId) : [];
      if (lineage.length < 2) return read(input.nodeId);
      const parts = await Promise.all(lineage.map(async (seg) => ({ until: seg.until?.getTime() ?? null, series: await read(seg.nodeId) })));
      return mergeLineageSeries(parts);
    }),
});

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
