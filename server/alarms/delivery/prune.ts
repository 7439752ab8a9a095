import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { alarmDeliveries, alarmIncidents } from '../../../db/schema-alarm';

/** The delivery log keeps a month, and never more than this many rows whatever a storm wrote. */
export const DELIVERY_LOG_KEEP = { days: 30, maxRows: 50_000 } as const;

export interface DeliveryPrunePolicy {
  days: number;
  maxRows: number;
}

/**
 * Trims the delivery log. Never removed: rows still pending (the outbox), and rows of incidents
 * still open — their "opened" rows decide which channels get the resolve message. Everything else
 * goes once it is older than `days`, and beyond the newest `maxRows` finished rows.
 */
export async function pruneDeliveryLog(db: Db, now: Date, policy: DeliveryPrunePolicy = DELIVERY_LOG_KEEP): Promise<number> {
  const cutoff = new Date(now.getTime() - policy.days * 86_400_000).toISOString();
  const removable = sql`${alarmDeliveries.status} <> 'pending'
    and not exists (select 1 from ${alarmIncidents} i where i.id = ${alarmDeliveries.incidentId} and i.resolved_at is null)`;
  const old = await db
    .delete(alarmDeliveries)
    .where(sql`${removable} and ${alarmDeliveries.createdAt} < ${cutoff}::timestamptz`)
    .returning({ id: alarmDeliveries.id });
  // Past the cap: the oldest finished rows, found by the id of the newest one to keep.
  const over = await db
    .delete(alarmDeliveries)
    .where(
      sql`${removable} and ${alarmDeliveries.id} <= (select d.id from ${alarmDeliveries} d where d.status <> 'pending'
        and not exists (select 1 from ${alarmIncidents} i where i.id = d.incident_id and i.resolved_at is null)
        order by d.id desc offset ${policy.maxRows} limit 1)`,
    )
    .returning({ id: alarmDeliveries.id });
  return old.length + over.length;
}
