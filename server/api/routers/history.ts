import { z } from 'zod';
import { mergeLineageSeries } from '../../history/merge-segments';
import { parseSeriesKey } from '../../history/series';
import { querySeries } from '../../history/store';
import { findCtLineage } from '../../migration/lineage';
import { createTRPCRouter, procedureFor } from '../init';

export const HISTORY_RANGES = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, '1y': 365 * 86_400_000 } as const;

/** Series keys: `ct/<ctId>/<resource>`, `ct/<ctId>/@<figure>`, `node/<figure>` (server/history/series.ts). */
const seriesKeySchema = z.string().regex(/^(?:node\/[A-Za-z]+|ct\/[0-9a-f-]{1,36}\/@?[a-z][A-Za-z0-9]*)$/, 'not a series key');

export const historyRouter = createTRPCRouter({
  series: procedureFor('admin', 'operator', 'support')
    .input(
      z.object({
        nodeId: z.number().int().positive(),
        keys: z.array(seriesKeySchema).min(1).max(50),
        range: z.enum(['1h', '24h', '7d', '30d', '1y']),
        maxPoints: z.number().int().min(10).max(1000).default(1000),
      }),
    )
    .query(async ({ ctx, input }) => {
      const now = ctx.services.clock().getTime();
      const read = (nodeId: number) =>
        querySeries(ctx.services.db, { nodeId, keys: input.keys, from: now - HISTORY_RANGES[input.range], to: now, now, maxPoints: input.maxPoints }, ctx.services.historyTiers);
      // A container's history continues across live migrations: read it on every node it came through.
      const ctId = singleContainer(input.keys);
      const lineage = ctId && ctId !== '0' ? await findCtLineage(ctx.services.db, input.nodeId, ctId) : [];
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
