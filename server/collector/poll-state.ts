import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { nodePollState } from '../../db/schema';
import type { NodeHealth } from '../../vocabulary/node-health';

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
}

/** Records a poll's outcome; health_since moves only when the health changes. */
export async function recordPollOutcome(db: Db, nodeId: number, o: PollOutcome): Promise<void> {
  const values = {
    nodeId,
    health: o.health,
    healthSince: o.at,
    lastAttemptAt: o.at,
    lastSuccessAt: o.success ? o.at : null,
    lastDurationMs: o.durationMs,
    lastErrorText: o.errorText,
    lastErrorLine: o.errorLine,
    presentedFingerprint: o.presentedFingerprint,
    lastNoiseText: o.noiseText ?? null,
  };
  await db
    .insert(nodePollState)
    .values(values)
    .onConflictDoUpdate({
      target: nodePollState.nodeId,
      set: {
        health: sql`excluded.health`,
        healthSince: sql`case when ${nodePollState.health} = excluded.health then ${nodePollState.healthSince} else excluded.health_since end`,
        lastAttemptAt: sql`excluded.last_attempt_at`,
        lastSuccessAt: o.success ? sql`excluded.last_success_at` : sql`${nodePollState.lastSuccessAt}`,
        lastDurationMs: sql`excluded.last_duration_ms`,
        lastErrorText: sql`excluded.last_error_text`,
        lastErrorLine: sql`excluded.last_error_line`,
        presentedFingerprint: o.presentedFingerprint === null ? sql`${nodePollState.presentedFingerprint}` : sql`excluded.presented_fingerprint`,
        lastNoiseText: o.noiseText === undefined ? sql`${nodePollState.lastNoiseText}` : sql`excluded.last_noise_text`,
      },
    });
}

export async function findPollState(db: Db, nodeId: number) {
  const [row] = await db.select().from(nodePollState).where(eq(nodePollState.nodeId, nodeId));
  return row ?? null;
}
