import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, real, text, timestamp } from 'drizzle-orm/pg-core';
import type { MigrationStatus } from '../vocabulary/migration-status';
import { nodes } from './schema';


/**
 * One migration of one CT (server/migration). Node names are copied in so the history still reads
 * right after a node is renamed or removed; the node ids are nulled then.
 */
export const migrationJobs = pgTable(
  'migration_jobs',
  {
    id: text('id').primaryKey(),
    ctId: text('ct_id').notNull(),
    sourceNodeId: integer('source_node_id').references(() => nodes.id, { onDelete: 'set null' }),
    targetNodeId: integer('target_node_id').references(() => nodes.id, { onDelete: 'set null' }),
    sourceName: text('source_name').notNull(),
    targetName: text('target_name').notNull(),
    online: boolean('online').notNull(),
    status: text('status').$type<MigrationStatus>().notNull(),
    /** The last vzmigrate phase seen ("Syncing private" …). */
    phase: text('phase'),
    requestedBy: text('requested_by').notNull(),
    /** An admin started it despite failed pre-checks, for this reason. */
    overrideReason: text('override_reason'),
    /** Part of an evacuation or rebalance plan. */
    planId: text('plan_id'),
    /** The vzfleet instance running it (a restart or another instance reconciles it). */
    owner: text('owner'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** "Total suspended time" vzmigrate measured (live migrations). */
    freezeSeconds: real('freeze_seconds'),
    exitCode: integer('exit_code'),
    error: text('error'),
    warnings: text('warnings').array().notNull().default([]),
    /** The whole transcript (stdout and stderr interleaved), once the job ended. */
    log: text('log').notNull().default(''),
  },
  (t) => [index('migration_jobs_ct_idx').on(t.ctId), index('migration_jobs_created_idx').on(t.createdAt), index('migration_jobs_status_idx').on(t.status)],
);

/** Progress of a job as it happened: phases, output lines, status changes. Replayed by onProgress. */
export const migrationEvents = pgTable(
  'migration_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobId: text('job_id')
      .notNull()
      .references(() => migrationJobs.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind').$type<'phase' | 'line' | 'status'>().notNull(),
    text: text('text').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('migration_events_job_idx').on(t.jobId, t.id)],
);

export const PLAN_STATUSES = ['proposed', 'running', 'paused', 'done', 'cancelled'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/**
 * An evacuation or rebalance plan. The server computes and stores it ('proposed', with an expiry);
 * approved by id, it becomes queued jobs run under its concurrency. Clients never send moves.
 */
export const migrationPlans = pgTable('migration_plans', {
  id: text('id').primaryKey(),
  kind: text('kind').$type<'evacuate' | 'rebalance'>().notNull(),
  nodeId: integer('node_id').references(() => nodes.id, { onDelete: 'set null' }),
  status: text('status').$type<PlanStatus>().notNull(),
  concurrency: integer('concurrency').notNull().default(2),
  /** The planner's output (server/migration/planner.ts Plan). */
  plan: jsonb('plan').$type<Record<string, unknown>>().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  /** A proposed plan can be approved until then: the fleet it was computed from goes stale. */
  expiresAt: timestamp('expires_at', { withTimezone: true }),
});

/** Nodes in maintenance: no new placements, alarms muted, until taken out. */
export const nodeMaintenance = pgTable('node_maintenance', {
  nodeId: integer('node_id')
    .primaryKey()
    .references(() => nodes.id, { onDelete: 'cascade' }),
  since: timestamp('since', { withTimezone: true }).notNull(),
  reason: text('reason').notNull().default(''),
  by: text('by').notNull(),
});

/**
 * A node's real capacity as an admin recorded it (the hardware, not what the node says). A node
 * that has been taken over can claim any RAM or disk to draw containers: placement uses the
 * smaller of claimed and recorded, and pages flag figures that disagree. Null = not recorded.
 */
export const nodeCapacity = pgTable('node_capacity', {
  nodeId: integer('node_id')
    .primaryKey()
    .references(() => nodes.id, { onDelete: 'cascade' }),
  ramBytes: bigint('ram_bytes', { mode: 'number' }),
  swapBytes: bigint('swap_bytes', { mode: 'number' }),
  /** Size of the /vz file system. */
  vzDiskBytes: bigint('vz_disk_bytes', { mode: 'number' }),
  /** vzcpucheck's node power, in cpuunits. */
  cpuPower: bigint('cpu_power', { mode: 'number' }),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * Live migration runners (heartbeat): a job whose owner is here and recent still has its session,
 * so no other instance reconciles it (server/migration/ownership.ts).
 */
export const migrationRunners = pgTable('migration_runners', {
  owner: text('owner').primaryKey(),
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull(),
});
