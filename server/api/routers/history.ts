import { z } from 'zod';
import { querySeries } from '../../history/store';
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
    .query(({ ctx, input }) => {
      const now = ctx.services.clock().getTime();
      return querySeries(ctx.services.db, { nodeId: input.nodeId, keys: input.keys, from: now - HISTORY_RANGES[input.range], to: now, now, maxPoints: input.maxPoints }, ctx.services.historyTiers);
    }),
});
