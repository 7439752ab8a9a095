import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { alarmChannels, alarmDeliveries, type AlarmSeverity, type DeliveryEvent } from '../../../db/schema-alarm';
import { selectRows } from '../../../db/sql-rows';
import { DEFAULT_DELIVERY_RETRY, nextDeliveryDelayMs, type DeliveryRetryPolicy } from './backoff';
import { resolveChannel } from './channels';
import { alarmMessageSchema, combineMessages, type AlarmMessage } from './message';
import { channelTakes } from './route';
import { DeliveryError, sendToChannel } from './send';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface EnqueueRequest {
  incidentId: number;
  event: Exclude<DeliveryEvent, 'test'>;
  severity: AlarmSeverity;
  nodeTags: readonly string[];
  message: AlarmMessage;
  /** Why nothing is sent (silence, maintenance): logged as skipped so an admin sees it. */
  heldBack: string | null;
  /** The incident's severity rose: tell the channels that take it now and were not told of it yet. */
  escalated?: boolean;
}

/**
 * Writes the delivery rows of one incident event inside the evaluation's transaction: one per
 * channel that takes it. A resolve goes to the channels that were told of the opening (not
 * skipped), so every "resolved" has its "opened", whatever routing changed in between.
 */
export async function enqueueIncidentMessages(tx: Tx, req: EnqueueRequest, now: Date): Promise<number> {
  let channels = await tx.select().from(alarmChannels);
  if (req.event === 'opened') {
    channels = channels.filter((c) => channelTakes(c, { severity: req.severity, nodeTags: req.nodeTags }));
    if (req.escalated) {
      const told = await tx
        .selectDistinct({ id: alarmDeliveries.channelId })
        .from(alarmDeliveries)
        .where(and(eq(alarmDeliveries.incidentId, req.incidentId), eq(alarmDeliveries.event, 'opened')));
      channels = channels.filter((c) => !told.some((t) => t.id === c.id));
    }
  } else {
    const told = await tx
      .selectDistinct({ id: alarmDeliveries.channelId })
      .from(alarmDeliveries)
      .where(and(eq(alarmDeliveries.incidentId, req.incidentId), eq(alarmDeliveries.event, 'opened'), ne(alarmDeliveries.status, 'skipped')));
    channels = channels.filter((c) => told.some((t) => t.id === c.id));
  }
  if (!channels.length) return 0;
  await tx.insert(alarmDeliveries).values(
    channels.map((c) => ({
      channelId: c.id,
      incidentId: req.incidentId,
      event: req.event,
      status: req.heldBack ? ('skipped' as const) : ('pending' as const),
      message: req.message,
      nextAttemptAt: batchDueAt(now, req.severity, c.batchMinutes),
      lastError: req.heldBack,
      createdAt: now,
    })),
  );
  return req.heldBack ? 0 : channels.length;
}

/**
 * When a message to a batched channel goes out: at the next multiple of the batch window (epoch
 * aligned, so everything of one window leaves together), or at once for critical ones.
 */
export function batchDueAt(now: Date, severity: AlarmSeverity, batchMinutes: number): Date {
  if (batchMinutes <= 0 || severity === 'critical') return now;
  const w = batchMinutes * 60_000;
  return new Date(Math.ceil(now.getTime() / w) * w);
}

/** A "test message" row for one channel, sent by the next dispatch like any other. */
export async function enqueueTestMessage(db: Db, channelId: number, message: AlarmMessage, now: Date): Promise<number> {
  const [row] = await db.insert(alarmDeliveries).values({ channelId, incidentId: null, event: 'test', status: 'pending', message, nextAttemptAt: now, createdAt: now }).returning({ id: alarmDeliveries.id });
  return row!.id;
}

export interface DispatchDeps {
  db: Db;
  secret: Buffer;
  clock: () => Date;
  retry?: DeliveryRetryPolicy;
  timeoutMs?: number;
  /** How long a claimed row is held before another instance may take it (a crashed sender). */
  claimMs?: number;
}

export interface DispatchOutcome {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Sends what is due. Rows are claimed with FOR UPDATE SKIP LOCKED and a claim deadline, so several
 * instances sharing a Postgres never send one row twice, and a crashed sender's rows are taken
 * over after `claimMs`. Each attempt is counted before sending: a crash mid-send retries, bounded.
 */
export async function dispatchDueDeliveries(deps: DispatchDeps, limit = 50, onlyId?: number): Promise<DispatchOutcome> {
  const now = deps.clock();
  const retry = deps.retry ?? DEFAULT_DELIVERY_RETRY;
  const claimUntil = new Date(now.getTime() + (deps.claimMs ?? 120_000));
  const claimed = await selectRows<{ id: number | string; channel_id: number; message: unknown; attempts: number }>(
    deps.db,
    sql`update alarm_deliveries set claimed_until = ${claimUntil.toISOString()}::timestamptz, attempts = attempts + 1
        where id in (
          select id from alarm_deliveries
          where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
            and (claimed_until is null or claimed_until <= ${now.toISOString()}::timestamptz)
            ${onlyId === undefined ? sql`` : sql`and id = ${onlyId}`}
          order by id limit ${limit} for update skip locked)
        returning id, channel_id, message, attempts`,
  );
  const out: DispatchOutcome = { sent: 0, retrying: 0, failed: 0 };
  if (!claimed.length) return out;
  const channelIds = [...new Set(claimed.map((r) => r.channel_id))];
  const channels = new Map((await deps.db.select().from(alarmChannels).where(inArray(alarmChannels.id, channelIds))).map((c) => [c.id, c]));

  // A batched channel gets one digest for everything due at once; the rows share its outcome.
  const groups: (typeof claimed)[] = [];
  const batched = new Map<number, typeof claimed>();
  for (const row of claimed) {
    if ((channels.get(row.channel_id)?.batchMinutes ?? 0) <= 0) groups.push([row]);
    else if (batched.has(row.channel_id)) batched.get(row.channel_id)!.push(row);
    else {
      const group = [row];
      batched.set(row.channel_id, group);
      groups.push(group);
    }
  }
  for (const rows of groups) {
    const channelId = rows[0]!.channel_id;
    const channel = channels.get(channelId);
    let error: string | null = null;
    try {
      if (!channel) throw new DeliveryError('the channel was removed');
      if (!channel.enabled) throw new DeliveryError('the channel is disabled');
      const { resolved, messages } = openForSending(channel, rows.map((r) => r.message), deps.secret);
      await sendToChannel(resolved, combineMessages(messages), { timeoutMs: deps.timeoutMs ?? 10_000, now: deps.clock() });
    } catch (err) {
      // Anything else is a bug or a database failure: let it surface, the claim expires and it is retried.
      if (!(err instanceof DeliveryError)) throw err;
      error = err.message;
    }
    const at = deps.clock();
    for (const row of rows) {
      const id = Number(row.id);
      if (error === null) {
        await deps.db.update(alarmDeliveries).set({ status: 'sent', sentAt: at, claimedUntil: null, lastError: null }).where(eq(alarmDeliveries.id, id));
        out.sent++;
        continue;
      }
      const delay = !channel || !channel.enabled || error.startsWith('the stored') ? null : nextDeliveryDelayMs(row.attempts, retry);
      if (delay === null) {
        await deps.db.update(alarmDeliveries).set({ status: 'failed', claimedUntil: null, lastError: error }).where(eq(alarmDeliveries.id, id));
        out.failed++;
      } else {
        await deps.db
          .update(alarmDeliveries)
          .set({ nextAttemptAt: new Date(at.getTime() + delay), claimedUntil: null, lastError: error })
          .where(eq(alarmDeliveries.id, id));
        out.retrying++;
      }
    }
  }
  return out;
}

/** A stored channel or message that no longer reads is a failed delivery, not a crash of the sender. */
function openForSending(channel: typeof alarmChannels.$inferSelect, messages: unknown[], secret: Buffer) {
  try {
    return { resolved: resolveChannel(channel, secret), messages: messages.map((m) => alarmMessageSchema.parse(m)) };
  } catch (err) {
    throw new DeliveryError(`the stored channel or message cannot be read: ${(err as Error).message.slice(0, 200)}`, { cause: err });
  }
}
