import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { intArrayLiteral, selectRows } from '../../db/sql-rows';
import { nodePollState } from '../../db/schema';
import type { NodeHealth } from '../../vocabulary/node-health';
import { wrapperRefusalsText, type WrapperRefusal } from '../../vocabulary/wrapper-refusal';

export interface PollOutcome {
  health: NodeHealth;
  at: Date;
  durationMs: number;
  success: boolean;
  errorText: string | null;
  errorLine: string | null;
  presentedFingerprint: string | null;
  /** Text outside the sections (noise.ts); undefined when the poll got no output: keep the last. */
  noiseText?: string | null;
  /** What the node's wrapper refused on the way to its answer (ssh/pool.ts); undefined when nothing answered: keep the last. */
  wrapperRefused?: readonly WrapperRefusal[];
}

/** Records a poll's outcome; health_since moves only when the health changes. */
export async function recordPollOutcome(db: Db, nodeId: number, o: PollOutcome): Promise<void> {
  await writePollOutcomes(db, [{ nodeId, o }]);
}

/** Where the collector sends poll outcomes: straight to the database, or batched (batchPollOutcomes). */
export interface PollOutcomeSink {
  /** Resolves once the outcome is stored. */
  record(nodeId: number, o: PollOutcome): Promise<void>;
}

/**
 * Outcomes of many nodes in one statement per `delayMs`: at 1000 nodes every 15 s that is ~67 upserts
 * a second otherwise, each a round trip and a socket write. record() still resolves only once its
 * row is stored, so a caller sees the same order of effects as with recordPollOutcome.
 * 300 ms, not less: at 200 nodes (13 polls a second) 100 ms held ~1.3 outcomes per statement; the
 * health a page shows is at most that much later, for polls 15 s apart.
 */
export function batchPollOutcomes(db: Db, delayMs = 300): PollOutcomeSink {
  let pending: { nodeId: number; o: PollOutcome; resolve: () => void; reject: (err: unknown) => void }[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = async () => {
    timer = null;
    const batch = pending;
    pending = [];
    // One statement may not touch a row twice: a node polled twice within delayMs goes in a later round.
    const rounds: (typeof batch)[] = [];
    for (const item of batch) {
      const round = rounds.find((r) => !r.some((x) => x.nodeId === item.nodeId));
      if (round) round.push(item);
      else rounds.push([item]);
    }
    for (const round of rounds) {
      try {
        await writePollOutcomes(db, round);
        round.forEach((x) => x.resolve());
      } catch (err) {
        round.forEach((x) => x.reject(err));
      }
    }
  };
  return {
    record(nodeId, o) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ nodeId, o, resolve, reject });
        timer ??= setTimeout(() => void flush(), delayMs);
      });
    },
  };
}

/** One upsert per kind of noise update (kept or replaced); rows arrive as one JSON parameter. */
async function writePollOutcomes(db: Db, items: readonly { nodeId: number; o: PollOutcome }[]): Promise<void> {
  for (const keepNoise of [false, true]) {
    // In node order: instances writing the same node (a hand-over) lock its row in one order.
    const part = items.filter((x) => (x.o.noiseText === undefined) === keepNoise).sort((a, b) => a.nodeId - b.nodeId);
    if (part.length === 0) continue;
    const rows = part.map(({ nodeId, o }) => ({
      node_id: nodeId,
      health: o.health,
      at: o.at.toISOString(),
      success_at: o.success ? o.at.toISOString() : null,
      duration_ms: Math.round(o.durationMs),
      error_text: o.errorText,
      error_line: o.errorLine,
      fingerprint: o.presentedFingerprint,
      noise: o.noiseText ?? null,
      // null keeps the stored value; '' is an answer with nothing refused.
      wrapper: o.wrapperRefused === undefined ? null : wrapperRefusalsText(o.wrapperRefused),
    }));
    // A failed poll keeps the last success time and the last presented host key (null = keep).
    await db.execute(sql`
      insert into node_poll_state (node_id, health, health_since, last_attempt_at, last_success_at, last_duration_ms, last_error_text, last_error_line, presented_fingerprint, last_noise_text, wrapper_refused)
      select u.node_id, u.health, u.at, u.at, u.success_at, u.duration_ms, u.error_text, u.error_line, u.fingerprint, u.noise, u.wrapper
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(node_id int, health text, at timestamptz, success_at timestamptz, duration_ms int, error_text text, error_line text, fingerprint text, noise text, wrapper text)
      on conflict (node_id) do update set
        health = excluded.health,
        health_since = case when node_poll_state.health = excluded.health then node_poll_state.health_since else excluded.health_since end,
        last_attempt_at = excluded.last_attempt_at,
        last_success_at = coalesce(excluded.last_success_at, node_poll_state.last_success_at),
        last_duration_ms = excluded.last_duration_ms,
        last_error_text = excluded.last_error_text,
        last_error_line = excluded.last_error_line,
        presented_fingerprint = coalesce(excluded.presented_fingerprint, node_poll_state.presented_fingerprint),
        wrapper_refused = coalesce(excluded.wrapper_refused, node_poll_state.wrapper_refused),
        last_noise_text = ${keepNoise ? sql`node_poll_state.last_noise_text` : sql`excluded.last_noise_text`}`);
  }
}

export async function findPollState(db: Db, nodeId: number) {
  const [row] = await db.select().from(nodePollState).where(eq(nodePollState.nodeId, nodeId));
  return row ?? null;
}

/** When each of these nodes' last poll started (epoch ms), by whichever instance polled it; absent = never. */
export async function findLastAttempts(db: Db, nodeIds: readonly number[]): Promise<Map<number, number>> {
  const rows = await selectRows<{ node_id: number; at_ms: number | string }>(
    db,
    sql`select node_id, extract(epoch from last_attempt_at) * 1000 as at_ms from node_poll_state
        where node_id = any(${intArrayLiteral(nodeIds)}::int[]) and last_attempt_at is not null`,
  );
  return new Map(rows.map((r) => [r.node_id, Number(r.at_ms)]));
}
