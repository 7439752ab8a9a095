import { z } from 'zod';
import { querySeriesAcrossMoves } from '../../history/lineage-query';
import { findCtLineage } from '../../migration/lineage';
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
    .query(({ ctx, input }) => {
      const { db, clock, historyTiers } = ctx.services;
      const now = clock().getTime();
      // A container's history continues across live migrations (server/history/lineage-query.ts).
      return querySeriesAcrossMoves(db, (nodeId, ctId) => findCtLineage(db, nodeId, ctId), { nodeId: input.nodeId, keys: input.keys, maxPoints: input.maxPoints, from: now - HISTORY_RANGE_MS[input.range], to: now, now }, historyTiers);
    }),
});
