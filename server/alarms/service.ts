import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { alarmChannels, alarmDeliveries } from '../../db/schema';
import { NotFoundError } from '../errors/general-errors';
import { pruneDeliveryLog } from './delivery/prune';
import { dispatchDueDeliveries, enqueueTestMessage, type DispatchOutcome } from './delivery/outbox';
import { testMessage } from './delivery/message';
import { evaluateNodeAlarms } from './evaluate-node';

export interface AlarmDeps {
  db: Db;
  secret: Buffer;
  clock: () => Date;
  pollIntervalMs: number;
  publicUrl?: string | null;
  onError?: (what: string, err: unknown) => void;
}

export interface AlarmService {
  /** After a poll of the node was stored (success or failure): evaluate it, then send what is due. */
  afterPoll(nodeId: number): Promise<void>;
  /** Sends due deliveries now (retries are also picked up by the timer). */
  dispatch(): Promise<DispatchOutcome>;
  stop(): void;
}

/**
 * The alarm side of a collector process. Evaluation runs in the instance that polled the node
 * (it holds the node's lease), chained per node so a slow evaluation never overlaps the next;
 * sending is coalesced: one dispatch at a time, run again if asked meanwhile. A timer picks up
 * retries that come due.
 */
export function startAlarms(deps: AlarmDeps, opts: { dispatchEveryMs?: number; pruneEveryMs?: number } = {}): AlarmService {
  const chains = new Map<number, Promise<void>>();
  const report = (what: string) => (err: unknown): void => {
    (deps.onError ?? ((w, e) => console.error(`vzfleet: alarms ${w} failed:`, e)))(what, err);
  };
  let sending: Promise<DispatchOutcome> | null = null;
  let again = false;

  const dispatch = (): Promise<DispatchOutcome> => {
    if (sending) {
      again = true;
      return sending;
    }
    sending = (async () => {
      const total: DispatchOutcome = { sent: 0, retrying: 0, failed: 0 };
      do {
        again = false;
        const r = await dispatchDueDeliveries(deps);
        total.sent += r.sent;
        total.retrying += r.retrying;
        total.failed += r.failed;
      } while (again);
      return total;
    })().finally(() => (sending = null));
    return sending;
  };

  const afterPoll = (nodeId: number): Promise<void> => {
    const prev = chains.get(nodeId) ?? Promise.resolve();
    const next = prev
      .then(() => evaluateNodeAlarms(deps, nodeId))
      .then((r) => (r.queued ? dispatch().then(() => undefined) : undefined))
      .catch(report(`evaluation of node ${nodeId}`));
    chains.set(nodeId, next);
    void next.finally(() => chains.get(nodeId) === next && chains.delete(nodeId));
    return next;
  };

  const timer = setInterval(() => void dispatch().catch(report('delivery')), opts.dispatchEveryMs ?? 15_000);
  timer.unref();
  // The delivery log is trimmed hourly (a month, bounded rows): cheap, and a storm cannot grow it for long.
  const prune = () => void pruneDeliveryLog(deps.db, deps.clock()).catch(report('delivery log pruning'));
  const pruner = setInterval(prune, opts.pruneEveryMs ?? 3_600_000);
  pruner.unref();
  return {
    afterPoll,
    dispatch,
    stop: () => {
      clearInterval(timer);
      clearInterval(pruner);
    },
  };
}

/**
 * The "test message" button: sends to one channel now and returns the logged outcome, so an admin
 * sees at once whether the settings work. Logged like any delivery; a failure is retried no more.
 */
export async function sendTestMessage(deps: Omit<AlarmDeps, 'pollIntervalMs'>, channelId: number) {
  const now = deps.clock();
  const [channel] = await deps.db.select({ name: alarmChannels.name }).from(alarmChannels).where(eq(alarmChannels.id, channelId));
  if (!channel) throw new NotFoundError(`channel ${channelId}`);
  const id = await enqueueTestMessage(deps.db, channelId, testMessage(channel.name, now, deps.publicUrl ?? null), now);
  await dispatchDueDeliveries({ ...deps, retry: { baseMs: 0, maxMs: 0, maxAttempts: 1 } }, 1, id);
  const [row] = await deps.db.select({ status: alarmDeliveries.status, lastError: alarmDeliveries.lastError }).from(alarmDeliveries).where(eq(alarmDeliveries.id, id));
  return { deliveryId: id, status: row!.status, error: row!.lastError };
}
