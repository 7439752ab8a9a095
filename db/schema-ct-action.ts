import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { CtAction, CtActionStatus } from '../vocabulary/ct-action';

/**
 * One start/stop/restart/suspend/resume of one CT (server/ct-actions). The node's name is copied
 * in so the history reads right after a rename or removal; node_id carries no foreign key, so this
 * file needs nothing from schema.ts (which re-exports it) and adds no import cycle.
 */
export const ctActionJobs = pgTable(
  'ct_action_jobs',
  {
    id: text('id').primaryKey(),
    nodeId: integer('node_id').notNull(),
    nodeName: text('node_name').notNull(),
    ctId: text('ct_id').notNull(),
    /** The CT's hostname when the action was asked for, as the confirmation named it. */
    hostname: text('hostname'),
    action: text('action').$type<CtAction>().notNull(),
    fast: boolean('fast').notNull().default(false),
    status: text('status').$type<CtActionStatus>().notNull(),
    /** The command as sent (a fixed template with validated parts). */
    command: text('command').notNull(),
    requestedBy: text('requested_by').notNull(),
    /** The vzfleet instance running it (a restart or another instance reconciles it). */
    owner: text('owner').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    exitCode: integer('exit_code'),
    /** The CT's status read back afterwards (vzctl status), and before. */
    statusBefore: text('status_before'),
    statusAfter: text('status_after'),
    error: text('error'),
    warnings: text('warnings').array().notNull().default([]),
    /** The transcript (stdout and stderr interleaved, head and tail kept), once the job ended. */
    log: text('log').notNull().default(''),
  },
  (t) => [
    index('ct_action_jobs_ct_idx').on(t.nodeId, t.ctId, t.createdAt),
    index('ct_action_jobs_status_idx').on(t.status),
    // One active action per CT, whoever asks and however many instances run: the database decides.
    uniqueIndex('ct_action_jobs_one_active_idx').on(t.nodeId, t.ctId).where(sql`status in ('running', 'reconciling')`),
  ],
);

/** What a job printed and how its status changed, as it happened; replayed by ctAction.onProgress. */
export const ctActionEvents = pgTable(
  'ct_action_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobId: text('job_id')
      .notNull()
      .references(() => ctActionJobs.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind').$type<'line' | 'status'>().notNull(),
    text: text('text').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('ct_action_events_job_idx').on(t.jobId, t.id)],
);
