import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  serial,
  text,
  varchar,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { NodeHealth } from '../vocabulary/node-health';
import type { NodeSummary, PackedBeancounters, PackedQuotas } from './stored-shapes';

/** Raw bytes: node-postgres hands over a Buffer, PGlite a Uint8Array; both are sent as binary parameters. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/** How vzfleet authenticates to a node. */
export const SSH_AUTH_METHODS = ['key-file', 'stored-key', 'agent'] as const;
export type SshAuthMethod = (typeof SSH_AUTH_METHODS)[number];

/** A hardware node in the inventory and how to reach it. */
export const nodes = pgTable('nodes', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  host: text('host').notNull(),
  port: integer('port').notNull().default(22),
  sshUser: text('ssh_user').notNull().default('root'),
  authMethod: text('auth_method').$type<SshAuthMethod>().notNull(),
  keyFile: text('key_file'),
  /** AES-256-GCM ciphertext of an OpenSSH private key; never leaves the server. */
  storedKeyEnc: text('stored_key_enc'),
  /** Pinned host key, "SHA256:<base64>" as OpenSSH prints it; null until a person accepts it. */
  hostKeyFingerprint: text('host_key_fingerprint'),
  location: text('location').notNull().default(''),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  notes: text('notes').notNull().default(''),
  /** Seconds between polls of this node; null = the fleet default (VZFLEET_POLL_INTERVAL_S). */
  pollIntervalS: integer('poll_interval_s'),
  /**
   * Offer zlib on this node's SSH connection: worth it over a slow link, a CPU cost on a LAN. Off for
   * a new node (migration 0020); rows from before keep their value (true unless changed since).
   */
  sshCompression: boolean('ssh_compression').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The outcome of the latest poll of each node; one row per node. */
export const nodePollState = pgTable('node_poll_state', {
  nodeId: integer('node_id')
    .primaryKey()
    .references(() => nodes.id, { onDelete: 'cascade' }),
  health: text('health').$type<NodeHealth>().notNull().default('never-polled'),
  healthSince: timestamp('health_since', { withTimezone: true }).notNull().defaultNow(),
  lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
  lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
  lastDurationMs: integer('last_duration_ms'),
  lastErrorText: text('last_error_text'),
  /** The offending line of a parse error, shown verbatim on the node page. */
  lastErrorLine: text('last_error_line'),
  /** What the node presented on the last attempt (for first contact and for key changes). */
  presentedFingerprint: text('presented_fingerprint'),
  /**
   * Text the node printed outside vzfleet's sections on the last poll that got output (a chatty
   * profile, MOTD, locale warnings): ignored for parsing, shown once as a note. Bounded (noise.ts).
   */
  lastNoiseText: varchar('last_noise_text', { length: 8192 }),
  /**
   * What the node's forced-command wrapper refused on the last poll that got an answer, as
   * vocabulary/wrapper-refusal.ts writes it ('' nothing; null: no answer yet): an older wrapper.
   */
  wrapperRefused: varchar('wrapper_refused', { length: 64 }),
});

/** One successful collection of one node; every figure below hangs off it. */
export const snapshots = pgTable(
  'snapshots',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    nodeId: integer('node_id')
      .notNull()
      .references(() => nodes.id, { onDelete: 'cascade' }),
    collectedAt: timestamp('collected_at', { withTimezone: true }).notNull(),
    memTotalKb: bigint('mem_total_kb', { mode: 'number' }),
    swapTotalKb: bigint('swap_total_kb', { mode: 'number' }),
    lowTotalKb: bigint('low_total_kb', { mode: 'number' }),
    /** vzcpucheck: Σ cpuunits of running CTs incl. CT0 — promised weight, not CPU usage. Null when not read. */
    cpuUtilization: bigint('cpu_utilization', { mode: 'number' }),
    cpuNodePower: bigint('cpu_node_power', { mode: 'number' }),
    cpuOvercommitted: boolean('cpu_overcommitted'),
    /**
     * Every CT's beancounters in one value (packed-snapshot.ts): one row per poll instead of
     * ~1,500, so the collector writes what changed in one statement and reads it back whole.
     * Also the failcnt baseline of the next poll: events and this row commit together.
     */
    beancounters: jsonb('beancounters').$type<PackedBeancounters>(),
    /**
     * The same in bytes (server/collector/beancounter-codec.ts), what the collector writes since
     * issue 16: no JSON to build or parse on every poll. Exactly one of the two is set; readers
     * take either (storedBeancounters), so rows written before stay readable.
     */
    beancountersPacked: bytea('beancounters_packed'),
    /** First-level disk quota per CT (packed-snapshot.ts); blocks in KiB. */
    quotas: jsonb('quotas').$type<PackedQuotas>().notNull(),
    /** The node's overview figures computed once by the collector (node-summary.ts). */
    summary: jsonb('summary').$type<NodeSummary>(),
    /** stderr of the collect script (OpenVZ tools print warnings there); informative only. */
    warnings: text('warnings').notNull().default(''),
  },
  (t) => [
    index('snapshots_node_time_idx').on(t.nodeId, t.collectedAt),
    check('snapshots_one_beancounters_form', sql`(${t.beancounters} is null) <> (${t.beancountersPacked} is null)`),
  ],
);

/** A container as last seen on a node. */
export const containers = pgTable(
  'containers',
  {
    id: serial('id').primaryKey(),
    nodeId: integer('node_id')
      .notNull()
      .references(() => nodes.id, { onDelete: 'cascade' }),
    ctId: text('ct_id').notNull(),
    hostname: text('hostname'),
    /** Free text the CT's owner sets (vzctl set --name / --description), shown as text. */
    name: text('name'),
    description: text('description'),
    /** Raw bytes (hex) of hostname/name/description when they were not valid UTF-8. */
    fieldsRaw: jsonb('fields_raw').$type<Partial<Record<'hostname' | 'name' | 'description', string>>>(),
    /** Why this CT's vzlist fields could not be read, with the raw line (bounded); null when read. */
    fieldsUnreadable: text('fields_unreadable'),
    ips: text('ips').array().notNull().default(sql`'{}'::text[]`),
    status: text('status').notNull(),
    osTemplate: text('os_template'),
    cpuunits: integer('cpuunits'),
    /** Percent of one CPU; 0 = no limit. */
    cpulimit: integer('cpulimit'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** False once a poll no longer lists it (destroyed or migrated away). */
    present: boolean('present').notNull().default(true),
  },
  (t) => [uniqueIndex('containers_node_ct_idx').on(t.nodeId, t.ctId), index('containers_hostname_idx').on(t.hostname)],
);




/**
 * Each failcnt increase, as an event: the counter is cumulative, so what matters is when it grew
 * and by how much. Written in the same transaction as the snapshot that revealed it, so events are
 * never lost or doubled, also across restarts.
 */
export const failcntEvents = pgTable(
  'failcnt_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    nodeId: integer('node_id')
      .notNull()
      .references(() => nodes.id, { onDelete: 'cascade' }),
    ctId: text('ct_id').notNull(),
    resource: text('resource').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** How many more allocations were refused since the previous poll (> 0). */
    delta: bigint('delta', { mode: 'number' }).notNull(),
    failcnt: bigint('failcnt', { mode: 'number' }).notNull(),
    held: bigint('held', { mode: 'number' }).notNull(),
    maxheld: bigint('maxheld', { mode: 'number' }).notNull(),
    barrier: bigint('barrier', { mode: 'number' }),
    limit: bigint('limit', { mode: 'number' }),
    /** The counter had been reset (CT restart, migration) since the previous poll. */
    afterReset: boolean('after_reset').notNull().default(false),
  },
  (t) => [
    uniqueIndex('failcnt_events_once_idx').on(t.nodeId, t.ctId, t.resource, t.at),
    index('failcnt_events_at_idx').on(t.at),
  ],
);


/**
 * History (server/history): the series keys of packed history rows, deduplicated. A layout is the
 * sorted list of a node's series keys in one bucket together with their last barrier and limit
 * (float4; Infinity = unlimited, NaN = not applicable), so a row stores only its values and a
 * layout changes only when a CT appears or goes, or a barrier/limit is changed.
 */
export const historyLayouts = pgTable('history_layouts', {
  id: serial('id').primaryKey(),
  /** sha256 of keys, barrier and limit: the deduplication key. */
  hash: text('hash').notNull().unique(),
  keys: text('keys').array().notNull(),
  barrier: real('barrier').array().notNull(),
  limit: real('limit').array().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Packed history: one row per node, tier and bucket holding the average and maximum of every
 * series of the node (aligned to the layout's keys). The migration makes this table
 * PARTITION BY LIST (resolution_s) — one table per tier, itself PARTITION BY RANGE (bucket),
 * created at run time by server/history/partitions.ts — which drizzle-kit cannot express.
 * No foreign keys: retention drops partitions whole, and a deleted node's rows age out with them.
 */
export const historyBuckets = pgTable(
  'history_buckets',
  {
    nodeId: integer('node_id').notNull(),
    /** The tier, by its resolution in seconds (60, 1800, 21600 by default). */
    resolutionS: integer('resolution_s').notNull(),
    bucket: timestamp('bucket', { withTimezone: true }).notNull(),
    layoutId: integer('layout_id').notNull(),
    /** Polls that went into the bucket. */
    samples: integer('samples').notNull(),
    /** Per-series sample counts; null when every series has `samples` of them (the usual case). */
    counts: integer('counts').array(),
    avg: real('avg').array().notNull(),
    max: real('max').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.nodeId, t.resolutionS, t.bucket] })],
);

/**
 * Which vzfleet instance polls which node, when several share one Postgres. A lease lasts two
 * poll intervals and is renewed every tick, so a dead instance's nodes are taken over in time.
 */
export const nodeLeases = pgTable('node_leases', {
  nodeId: integer('node_id')
    .primaryKey()
    .references(() => nodes.id, { onDelete: 'cascade' }),
  owner: text('owner').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** Live collector instances (heartbeat), so each can take its fair share of the fleet. */
export const collectorInstances = pgTable('collector_instances', {
  owner: text('owner').primaryKey(),
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull(),
});
export * from './schema-auth';
export * from './schema-migration';
export * from './schema-alarm';
export * from './schema-ct-action';
export * from './schema-limits';
