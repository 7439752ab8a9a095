import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { nodes } from './schema';

/**
 * Every change of a container's limits vzfleet knows of: the ones it applied (who asked, the
 * command, whether the next poll confirmed it) and the ones it saw between two polls that nobody
 * made through vzfleet ("changed on the node"). The history charts mark them.
 */
export const LIMIT_CHANGE_SOURCES = ['vzfleet', 'node'] as const;
export type LimitChangeSource = (typeof LIMIT_CHANGE_SOURCES)[number];

/**
 * pending   sent, the node said yes, the next poll has not shown it yet
 * confirmed the next poll shows the new value
 * mismatch  the next poll shows something else
 * failed    the tool refused it (nothing changed)
 * applied   the tool said yes, and vzfleet does not read this setting back (cpus, ioprio)
 * observed  seen on the node between two polls, not made through vzfleet
 */
export const LIMIT_CHANGE_STATUSES = ['pending', 'confirmed', 'mismatch', 'failed', 'applied', 'observed'] as const;
export type LimitChangeStatus = (typeof LIMIT_CHANGE_STATUSES)[number];

/** A setting as stored: {barrier, limit} | {value} | {bytes} | {soft, hard}; null barrier/limit = unlimited. */
export type StoredLimitValue = Record<string, number | null>;

export const limitChanges = pgTable(
  'limit_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    nodeId: integer('node_id')
      .notNull()
      .references(() => nodes.id, { onDelete: 'cascade' }),
    ctId: text('ct_id').notNull(),
    param: text('param').notNull(),
    before: jsonb('before').$type<StoredLimitValue>(),
    after: jsonb('after').$type<StoredLimitValue>().notNull(),
    /** What the next poll read, when it differs from `after`. */
    observed: jsonb('observed').$type<StoredLimitValue>(),
    source: text('source').$type<LimitChangeSource>().notNull(),
    status: text('status').$type<LimitChangeStatus>().notNull(),
    /** The signed-in person's label (email); null for changes seen on the node. */
    actorLabel: text('actor_label'),
    command: text('command'),
    /** The tool's answer, bounded (a refusal's message is what the operator reads). */
    message: text('message'),
    /** When it was asked (vzfleet) or first seen (node). */
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** When the node accepted it: polls that started before cannot confirm it. */
    appliedAt: timestamp('applied_at', { withTimezone: true }),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [index('limit_changes_ct_idx').on(t.nodeId, t.ctId, t.at), index('limit_changes_pending_idx').on(t.nodeId, t.status)],
);
