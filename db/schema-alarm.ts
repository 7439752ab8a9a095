import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { AlarmSeverity, ChannelKind } from '../vocabulary/alarm';
import { nodes } from './schema';

// Defined once in vocabulary/ (the views need them too); re-exported for the server's imports.
export { ALARM_SEVERITIES, CHANNEL_KINDS, type AlarmSeverity, type ChannelKind } from '../vocabulary/alarm';

/** node = about the hardware node as a whole; ct = one container (suppressed while its node is down). */
export type AlarmScope = 'node' | 'ct';

/**
 * One alarm from the moment it opens to the moment it resolves (server/alarms). At most one open
 * incident per key (the partial unique index), so two evaluations racing cannot open it twice.
 */
export const alarmIncidents = pgTable(
  'alarm_incidents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** What makes two observations the same alarm: "node:3:down", "ct:3:101:failcnt:privvmpages" … */
    key: text('key').notNull(),
    rule: text('rule').notNull(),
    severity: text('severity').$type<AlarmSeverity>().notNull(),
    scope: text('scope').$type<AlarmScope>().notNull(),
    nodeId: integer('node_id')
      .notNull()
      .references(() => nodes.id, { onDelete: 'cascade' }),
    ctId: text('ct_id'),
    resource: text('resource'),
    title: text('title').notNull(),
    detail: text('detail').notNull().default(''),
    value: doublePrecision('value'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    /** Last evaluation that still saw the condition. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: text('acknowledged_by'),
    ackComment: text('ack_comment'),
    /** Opened while the node was in maintenance: shown, never sent. */
    muted: boolean('muted').notNull().default(false),
  },
  (t) => [
    uniqueIndex('alarm_incidents_open_key_idx').on(t.key).where(sql`resolved_at is null`),
    index('alarm_incidents_node_idx').on(t.nodeId, t.resolvedAt),
    index('alarm_incidents_opened_idx').on(t.openedAt),
  ],
);

export const INCIDENT_EVENT_KINDS = ['opened', 'updated', 'resolved', 'acknowledged', 'silenced', 'unsilenced'] as const;
export type IncidentEventKind = (typeof INCIDENT_EVENT_KINDS)[number];

/** What happened to an incident and who did it: its timeline. */
export const alarmIncidentEvents = pgTable(
  'alarm_incident_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: bigint('incident_id', { mode: 'number' })
      .notNull()
      .references(() => alarmIncidents.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind').$type<IncidentEventKind>().notNull(),
    /** A person's e-mail, or null for the evaluator. */
    by: text('by'),
    text: text('text').notNull().default(''),
  },
  (t) => [index('alarm_incident_events_incident_idx').on(t.incidentId, t.id)],
);

/** A silence: no messages for the incidents it matches until `until` (or until ended early). */
export const alarmSilences = pgTable(
  'alarm_silences',
  {
    id: serial('id').primaryKey(),
    /** One incident; or, when null, every incident of the node (and rule, if set). */
    incidentId: bigint('incident_id', { mode: 'number' }).references(() => alarmIncidents.id, { onDelete: 'cascade' }),
    nodeId: integer('node_id').references(() => nodes.id, { onDelete: 'cascade' }),
    rule: text('rule'),
    until: timestamp('until', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    by: text('by').notNull(),
    comment: text('comment').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('alarm_silences_until_idx').on(t.until)],
);

/**
 * Conditions seen but not yet old enough to open an incident (N failed polls, N minutes at the
 * barrier), so the count survives a restart and the node moving to another instance.
 */
export const alarmPending = pgTable(
  'alarm_pending',
  {
    nodeId: integer('node_id')
      .notNull()
      .references(() => nodes.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    rule: text('rule').notNull(),
    since: timestamp('since', { withTimezone: true }).notNull(),
    polls: integer('polls').notNull(),
  },
  (t) => [primaryKey({ columns: [t.nodeId, t.key] })],
);

/** One row per node, locked during its evaluation: evaluations of one node never interleave. */
export const alarmNodeState = pgTable('alarm_node_state', {
  nodeId: integer('node_id')
    .primaryKey()
    .references(() => nodes.id, { onDelete: 'cascade' }),
  evaluatedAt: timestamp('evaluated_at', { withTimezone: true }),
});

/** Rule overrides per scope: "fleet", "tag:<tag>" or "node:<id>" (server/alarms/settings.ts). */
export const alarmSettings = pgTable('alarm_settings', {
  scope: text('scope').primaryKey(),
  overrides: jsonb('overrides').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: text('updated_by').notNull(),
});


/** Where messages go. Secrets (SMTP password, HMAC secret, Slack URL, bot token) are sealed in `secret_enc`. */
export const alarmChannels = pgTable('alarm_channels', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  kind: text('kind').$type<ChannelKind>().notNull(),
  /** The non-secret settings, validated by server/alarms/delivery/channel-config.ts. */
  config: jsonb('config').$type<Record<string, unknown>>().notNull(),
  /** AES-256-GCM (server/ssh/key-vault.ts) of the channel's secrets as JSON; never returned. */
  secretEnc: text('secret_enc'),
  minSeverity: text('min_severity').$type<AlarmSeverity>().notNull().default('warning'),
  /** Only incidents on nodes with one of these tags; empty = every node. */
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  enabled: boolean('enabled').notNull().default(true),
  /**
   * Batching: non-critical messages wait for the next multiple of this many minutes and go out
   * together as one digest (0 = each at once). Critical ones are never held.
   */
  batchMinutes: integer('batch_minutes').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export type DeliveryEvent = 'opened' | 'resolved' | 'test';

/**
 * The outbox and delivery log in one: a row is written in the evaluation's transaction (so a
 * message is never lost or doubled by a crash), then sent, retried with backoff, and kept as the log.
 */
export const alarmDeliveries = pgTable(
  'alarm_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => alarmChannels.id, { onDelete: 'cascade' }),
    incidentId: bigint('incident_id', { mode: 'number' }).references(() => alarmIncidents.id, { onDelete: 'set null' }),
    event: text('event').$type<DeliveryEvent>().notNull(),
    status: text('status').$type<DeliveryStatus>().notNull(),
    /** The message as formatted for every channel kind (server/alarms/delivery/message.ts). */
    message: jsonb('message').$type<Record<string, unknown>>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    /** A sender holds the row until then; another instance takes it over after. */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('alarm_deliveries_due_idx').on(t.status, t.nextAttemptAt), index('alarm_deliveries_created_idx').on(t.createdAt)],
);
