import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { downsampleGroupMs, downsamplePoints, type WeightedPoint } from './merge';
import { selectRows, textArrayLiteral } from '../../db/sql-rows';
import { isoLiteral, parseNumberArrayText, parseValuesText, toMs } from './sql-values';
import { bucketStart, chooseTier, DEFAULT_HISTORY_TIERS, type HistoryTier } from './tiers';

/**
 * Chart reads. The finest tier that still holds the range (and is not needlessly fine for
 * maxPoints) is read; only the requested keys' elements leave the database (array_position on
 * the layout, then slices of the value arrays, each array detoasted once per row); buckets
 * are merged on the server until at most maxPoints remain. The newest part of the range that the
 * chosen tier has not rolled up yet is filled from the next finer tier.
 */

export interface SeriesQuery {
  nodeId: number;
  keys: readonly string[];
  from: Date | number;
  to: Date | number;
  /** Points per series at most; default 1000. */
  maxPoints?: number;
  /** For choosing the tier by retention; default Date.now(). */
  now?: Date | number;
}

export interface SeriesPoint {
  /** Start of the (merged) bucket, epoch ms. */
  t: number;
  /** null where the figure had no value (not applicable, e.g. an unlimited commit). */
  avg: number | null;
  max: number | null;
}

export interface SeriesResult {
  key: string;
  /** The tier read ("30m") and the spacing of the points after merging. */
  tier: string;
  stepMs: number;
  /** Buckets where the series has a value; a gap in t is a gap in the data (or not applicable). */
  points: SeriesPoint[];
  /** Latest barrier/limit in the range; null = unlimited or not applicable. */
  barrier: number | null;
  limit: number | null;
}

interface TierRow {
  t: number;
  samples: number;
  /** Per requested key; null where the key is not in the bucket's layout. */
  avg: (number | null)[];
  max: (number | null)[];
  counts: (number | null)[] | null;
  barrier: (number | null)[];
  limit: (number | null)[];
}

interface LayoutPositions {
  id: number;
  /** 1-based position of each requested key in the layout; 0 = absent. */
  pos: number[];
  barrier: (number | null)[];
  limit: (number | null)[];
}

const rangeWhere = (tier: HistoryTier, nodeId: number, fromMs: number, toMs_: number) =>
  sql`resolution_s = ${tier.resolutionMs / 1000} and node_id = ${nodeId}
      and bucket >= ${isoLiteral(fromMs)}::timestamptz and bucket < ${isoLiteral(toMs_)}::timestamptz`;

/** Where the requested keys sit in each layout used in the range (usually one or two layouts). */
async function layoutPositions(db: Db, where: SQL, keys: string): Promise<LayoutPositions[]> {
  const rows = await selectRows<{ id: number; pos: string; barrier: string; limit: string }>(
    db,
    sql`with used as materialized (select distinct layout_id as id from history_buckets where ${where}),
        p as materialized (
          select l.id, array(select coalesce(array_position(d.k, u.k), 0) from unnest(${keys}::text[]) with ordinality u(k, o) order by u.o) as pos, d.b, d.lim
          from history_layouts l join used on used.id = l.id
          cross join lateral (select l.keys || '{}'::text[] as k, l.barrier || '{}'::real[] as b, l."limit" || '{}'::real[] as lim offset 0) d
        )
        select id, pos::text,
          array(select p.b[x.i] from unnest(p.pos) with ordinality x(i, o) order by x.o)::text as barrier,
          array(select p.lim[x.i] from unnest(p.pos) with ordinality x(i, o) order by x.o)::text as "limit"
        from p`,
  );
  return rows.map((r) => ({
    id: r.id,
    pos: parseValuesText(r.pos),
    barrier: parseNumberArrayText(r.barrier)!,
    limit: parseNumberArrayText(r.limit)!,
  }));
}

/**
 * The elements at `pos` of an array column as one expression: runs of consecutive positions become
 * slices (a container's series lie side by side, so usually one slice), absent keys NULL.
 */
function pick(column: string, cast: string, pos: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < pos.length; ) {
    const p = pos[i]!;
    if (!Number.isSafeInteger(p) || p < 0) throw new RangeError(`history: bad array position ${p}`);
    if (p === 0) {
      parts.push(`'{NULL}'::${cast}`);
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < pos.length && pos[j + 1] === pos[j]! + 1) j++;
    parts.push(`${column}[${p}:${pos[j]}]`);
    i = j + 1;
  }
  return parts.length === 1 ? parts[0]! : `(${parts.join(' || ')})`;
}

function byLayout(layouts: readonly LayoutPositions[], column: string, cast: string): SQL {
  const cases = layouts.map((l) => `when ${l.id} then ${pick(column, cast, l.pos)}`).join(' ');
  return sql.raw(`(case r.layout_id ${cases} end)::text`);
}

async function fetchTierRows(db: Db, tier: HistoryTier, nodeId: number, keys: string, fromMs: number, toMs_: number): Promise<TierRow[]> {
  const where = rangeWhere(tier, nodeId, fromMs, toMs_);
  const layouts = await layoutPositions(db, where, keys);
  if (layouts.length === 0) return [];
  // v: each value array detoasted (and decompressed) once per row, however many slices are taken.
  const rows = await selectRows<{ bucket: Date | string; samples: number; layout_id: number; avg: string; max: string; counts: string | null }>(
    db,
    sql`select r.bucket, r.samples, r.layout_id, ${byLayout(layouts, 'v.a', 'real[]')} as avg, ${byLayout(layouts, 'v.m', 'real[]')} as max,
          case when r.counts is null then null else ${byLayout(layouts, 'r.counts', 'int[]')} end as counts
        from history_buckets r
        cross join lateral (select r.avg || '{}'::real[] as a, r.max || '{}'::real[] as m offset 0) v
        where ${where}
        order by r.bucket`,
  );
  const byId = new Map(layouts.map((l) => [l.id, l]));
  return rows.map((r) => {
    const l = byId.get(r.layout_id)!;
    return {
      t: toMs(r.bucket),
      samples: r.samples,
      avg: parseNumberArrayText(r.avg)!,
      max: parseNumberArrayText(r.max)!,
      counts: parseNumberArrayText(r.counts),
      barrier: l.barrier,
      limit: l.limit,
    };
  });
}

const finite = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

function pointsOf(rows: readonly TierRow[], j: number): WeightedPoint[] {
  const out: WeightedPoint[] = [];
  for (const r of rows) {
    const avg = r.avg[j];
    if (avg === null || avg === undefined || Number.isNaN(avg)) continue; // absent, or no value (not applicable)
    out.push({ t: r.t, avg, max: r.max[j] ?? NaN, n: r.counts ? (r.counts[j] ?? 0) : r.samples });
  }
  return out;
}

export async function querySeries(db: Db, q: SeriesQuery, tiers: readonly HistoryTier[] = DEFAULT_HISTORY_TIERS): Promise<SeriesResult[]> {
  const fromMs = toMs(q.from);
  const endMs = toMs(q.to);
  const nowMs = q.now === undefined ? Date.now() : toMs(q.now);
  const maxPoints = Math.max(1, Math.floor(q.maxPoints ?? 1000));
  if (q.keys.length === 0 || !(endMs > fromMs)) return [];
  const tier = chooseTier(tiers, { fromMs, toMs: endMs, nowMs, maxPoints });
  const keys = textArrayLiteral([...q.keys]);
  const res = tier.resolutionMs;
  const rows = await fetchTierRows(db, tier, q.nodeId, keys, bucketStart(fromMs, res), endMs);

  // The newest buckets of a coarse tier exist only once rolled up: take them from the finer tier.
  let tail: TierRow[] = [];
  const finer = tiers[tiers.indexOf(tier) - 1];
  if (finer) {
    const tailFrom = Math.max(rows.length ? rows[rows.length - 1]!.t + res : bucketStart(fromMs, res), nowMs - finer.retentionMs);
    if (tailFrom < endMs) tail = await fetchTierRows(db, finer, q.nodeId, keys, bucketStart(tailFrom, finer.resolutionMs), endMs);
  }

  const groupMs = downsampleGroupMs(fromMs, endMs, res, maxPoints);
  return q.keys.map((key, j) => {
    let points = pointsOf(rows, j);
    if (tail.length) points = points.concat(downsamplePoints(pointsOf(tail, j), res));
    if (groupMs > res) points = downsamplePoints(points, groupMs);
    const latest = [...rows, ...tail].reverse().find((r) => r.avg[j] !== null && r.avg[j] !== undefined);
    return {
      key,
      tier: tier.name,
      stepMs: groupMs,
      points: points.filter((p) => p.n > 0).map((p) => ({ t: p.t, avg: finite(p.avg), max: finite(p.max) })),
      barrier: finite(latest?.barrier[j]),
      limit: finite(latest?.limit[j]),
    };
  });
}

/** The keys a node has in its newest stored bucket (finest tier first), optionally by prefix ("ct/101/"). */
export async function listSeriesKeys(db: Db, nodeId: number, prefix = '', tiers: readonly HistoryTier[] = DEFAULT_HISTORY_TIERS): Promise<string[]> {
  for (const tier of tiers) {
    const rows = await selectRows<{ keys: string[] }>(
      db,
      sql`select array(select k from unnest(l.keys) k where left(k, length(${prefix})) = ${prefix}) as keys
          from history_buckets b join history_layouts l on l.id = b.layout_id
          where b.resolution_s = ${tier.resolutionMs / 1000} and b.node_id = ${nodeId}
          order by b.bucket desc limit 1`,
    );
    if (rows[0]) return rows[0].keys;
  }
  return [];
}
