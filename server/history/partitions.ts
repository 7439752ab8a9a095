import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { selectRows } from '../../db/sql-rows';
import { isoLiteral, sqlState, toMs } from './sql-values';
import {
  DEFAULT_HISTORY_TIERS,
  partitionFor,
  planPartitions,
  tierTableName,
  type HistoryTier,
} from './tiers';

/**
 * Time partitions of history_buckets: the migration makes it PARTITION BY LIST (resolution_s);
 * here each tier gets its table (history_buckets_1m, PARTITION BY RANGE (bucket)) and that its
 * range partitions (history_buckets_1m_p20250101t06). Retention drops whole partitions: no DELETE.
 * Works the same on Postgres and PGlite (PG 17+ in WASM, declarative partitioning included).
 *
 * Several processes may do this at once (two collectors on one Postgres): "already exists" and
 * "would overlap" from a concurrent create are taken as done, after checking the range is covered.
 */

export interface PartitionInfo {
  name: string;
  fromMs: number;
  toMs: number;
}

type Interval = [number, number];

/** Ranges known to have partitions, per database and tier table; avoids a catalog query per write. */
const knownRanges = new WeakMap<Db, Map<string, Interval[]>>();

function known(db: Db): Map<string, Interval[]> {
  let m = knownRanges.get(db);
  if (!m) knownRanges.set(db, (m = new Map()));
  return m;
}

/** Range partitions of a tier table (none when the table does not exist), by start. */
export async function listPartitions(db: Db, parent: string): Promise<PartitionInfo[]> {
  const rows = await selectRows<{ name: string; lo: Date | string | null; hi: Date | string | null }>(
    db,
    sql`select c.relname as name,
          (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']*)''\\)'))[1]::timestamptz as lo,
          (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']*)''\\)'))[1]::timestamptz as hi
        from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = to_regclass(${parent})`,
  );
  return rows
    .filter((r) => r.lo !== null && r.hi !== null) // MINVALUE/MAXVALUE bounds: not ours, never dropped
    .map((r) => ({ name: r.name, fromMs: toMs(r.lo!), toMs: toMs(r.hi!) }))
    .sort((a, b) => a.fromMs - b.fromMs);
}

const ALREADY = new Set(['42P07', '23505', '42P17']); // duplicate_table, unique_violation, overlap

async function ddl(db: Db, statement: string): Promise<boolean> {
  try {
    await db.execute(sql.raw(statement));
    return true;
  } catch (err) {
    if (ALREADY.has(sqlState(err) ?? '')) return false;
    throw err;
  }
}

async function ensureTierTable(db: Db, tier: HistoryTier): Promise<void> {
  const parent = tierTableName(tier);
  await ddl(
    db,
    `create table if not exists "${parent}" partition of "history_buckets" for values in (${tier.resolutionMs / 1000}) partition by range ("bucket")`,
  );
}

function uncovered(from: number, to: number, covered: readonly Interval[]): Interval[] {
  const gaps: Interval[] = [];
  let at = from;
  for (const [lo, hi] of [...covered].sort((a, b) => a[0] - b[0])) {
    if (hi <= at) continue;
    if (lo >= to) break;
    if (lo > at) gaps.push([at, lo]);
    at = Math.max(at, hi);
    if (at >= to) break;
  }
  if (at < to) gaps.push([at, to]);
  return gaps;
}

/**
 * Creates the tier table and the partitions overlapping [fromMs, toMs) that are missing. Where
 * existing partitions (of an earlier width) cover part of a planned one, only the gaps are made.
 */
async function createRange(db: Db, tier: HistoryTier, fromMs: number, toMs: number): Promise<string[]> {
  await ensureTierTable(db, tier);
  const parent = tierTableName(tier);
  const created: string[] = [];
  let existing: Interval[] = (await listPartitions(db, parent)).map((p) => [p.fromMs, p.toMs]);
  for (const plan of planPartitions(tier, fromMs, toMs)) {
    for (const [lo, hi] of uncovered(plan.fromMs, plan.toMs, existing)) {
      const p = partitionFor(tier, lo, hi);
      const ok = await ddl(
        db,
        `create table if not exists "${p.name}" partition of "${parent}" for values from ('${isoLiteral(lo)}') to ('${isoLiteral(hi)}')`,
      );
      if (ok) created.push(p.name);
      else existing = (await listPartitions(db, parent)).map((x) => [x.fromMs, x.toMs]);
      existing.push([lo, hi]);
    }
  }
  const now = (await listPartitions(db, parent)).map((p): Interval => [p.fromMs, p.toMs]);
  const gaps = uncovered(fromMs, toMs, now);
  if (gaps.length) throw new Error(`history: ${parent} has no partition for ${isoLiteral(gaps[0]![0])}..${isoLiteral(gaps[0]![1])}`);
  known(db).set(parent, now);
  return created;
}

/** Forgets which partitions exist (after another process dropped some): the next write looks again. */
export function forgetKnownPartitions(db: Db): void {
  knownRanges.delete(db);
}

/** Makes sure rows of `tier` at these bucket times have a partition; cheap when they do. */
export async function ensurePartitionsCovering(db: Db, tier: HistoryTier, buckets: readonly number[]): Promise<string[]> {
  const ranges = known(db).get(tierTableName(tier)) ?? [];
  const missing = buckets.filter((b) => !ranges.some(([lo, hi]) => b >= lo && b < hi));
  if (missing.length === 0) return [];
  return createRange(db, tier, Math.min(...missing), Math.max(...missing) + 1);
}

export interface EnsurePartitionsOptions {
  /** How far ahead of now partitions are created; default 1 day. */
  aheadMs?: number;
}

/**
 * Creates every tier's table and its partitions from the start of its retention to now + ahead,
 * if missing (idempotent). Call at start and then, say, hourly; writeBuckets also creates any
 * partition it finds missing.
 */
export async function ensurePartitions(
  db: Db,
  now: Date | number,
  tiers: readonly HistoryTier[] = DEFAULT_HISTORY_TIERS,
  options: EnsurePartitionsOptions = {},
): Promise<string[]> {
  const nowMs = toMs(now);
  const created: string[] = [];
  for (const tier of tiers) created.push(...(await createRange(db, tier, nowMs - tier.retentionMs, nowMs + (options.aheadMs ?? 86_400_000))));
  return created;
}

/**
 * DROP TABLE of a partition locks its tier table exclusively for a moment; waiting behind a long
 * read, it would hold up every query queued after it. So it waits at most 5 s, and a partition
 * it could not drop now is dropped on the next run.
 */
async function dropPartition(db: Db, name: string): Promise<boolean> {
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local lock_timeout = '5s'`));
      await tx.execute(sql.raw(`drop table if exists "${name}"`));
    });
    return true;
  } catch (err) {
    if (sqlState(err) === '55P03') return false; // lock_not_available
    throw err;
  }
}

/**
 * Drops the partitions whose whole range is older than their tier's retention: DROP TABLE of a
 * partition, never DELETE. Tier tables of tiers no longer configured are left alone.
 */
export async function dropExpiredPartitions(db: Db, now: Date | number, tiers: readonly HistoryTier[] = DEFAULT_HISTORY_TIERS): Promise<string[]> {
  const nowMs = toMs(now);
  const dropped: string[] = [];
  for (const tier of tiers) {
    const parent = tierTableName(tier);
    const parts = await listPartitions(db, parent);
    for (const p of parts) {
      if (p.toMs > nowMs - tier.retentionMs) continue;
      if (await dropPartition(db, p.name)) dropped.push(p.name);
    }
    known(db).set(
      parent,
      parts.filter((p) => !dropped.includes(p.name)).map((p): Interval => [p.fromMs, p.toMs]),
    );
  }
  return dropped;
}
