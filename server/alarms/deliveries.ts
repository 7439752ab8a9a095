import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { alarmChannels, alarmDeliveries, DELIVERY_STATUSES } from '../../db/schema';

/** The delivery log an admin reads: what was sent where, what failed and why (errors carry no secrets). */
export const deliveryFilterSchema = z.object({
  channelId: z.number().int().positive().optional(),
  incidentId: z.number().int().positive().optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  beforeId: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export async function listDeliveries(db: Db, raw: z.input<typeof deliveryFilterSchema>) {
  const f = deliveryFilterSchema.parse(raw);
  const where: (SQL | undefined)[] = [
    f.channelId ? eq(alarmDeliveries.channelId, f.channelId) : undefined,
    f.incidentId ? eq(alarmDeliveries.incidentId, f.incidentId) : undefined,
    f.status ? eq(alarmDeliveries.status, f.status) : undefined,
    f.beforeId ? lt(alarmDeliveries.id, f.beforeId) : undefined,
  ];
  return db
    .select({
      id: alarmDeliveries.id,
      channelId: alarmDeliveries.channelId,
      channelName: alarmChannels.name,
      channelKind: alarmChannels.kind,
      incidentId: alarmDeliveries.incidentId,
      event: alarmDeliveries.event,
      status: alarmDeliveries.status,
      attempts: alarmDeliveries.attempts,
      nextAttemptAt: alarmDeliveries.nextAttemptAt,
      lastError: alarmDeliveries.lastError,
      createdAt: alarmDeliveries.createdAt,
      sentAt: alarmDeliveries.sentAt,
      message: alarmDeliveries.message,
    })
    .from(alarmDeliveries)
    .innerJoin(alarmChannels, eq(alarmChannels.id, alarmDeliveries.channelId))
    .where(and(...where))
    .orderBy(desc(alarmDeliveries.id))
    .limit(f.limit);
}
