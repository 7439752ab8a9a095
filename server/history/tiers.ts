import { z } from 'zod';

/**
 * History tiers, like round-robin archives: each keeps the average and maximum of every series at
 * one resolution for a retention period; coarser tiers are rolled up from finer ones. Pure.
 *
 * Configuration string: comma-separated `<resolution>:<retention>` pairs, finest first, durations
 * as `<integer><unit>` with unit s, m, h, d, w (7 d) or y (365 d): the default is
 * `1m:24h,30m:30d,6h:1y`.
 */

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;
const DURATION = /^(\d+)([a-z]+)$/;
const HOUR = UNIT_MS.h;
const DAY = UNIT_MS.d;

export const DEFAULT_HISTORY_TIERS_SPEC = '1m:24h,30m:30d,6h:1y';

/** How wide each time partition of a tier is; '1w' starts on Monday, '1mo' is a calendar month (UTC). */
export type PartitionWidth = '1h' | '6h' | '1d' | '1w' | '1mo';
const WIDTHS: readonly { width: PartitionWidth; approxMs: number }[] = [
  { width: '1h', approxMs: HOUR },
  { width: '6h', approxMs: 6 * HOUR },
  { width: '1d', approxMs: DAY },
  { width: '1w', approxMs: 7 * DAY },
  { width: '1mo', approxMs: 28 * DAY },
];

export interface HistoryTier {
  /** The resolution written canonically ("1m", "30m", "6h"); names the tier's table. */
  name: string;
  resolutionMs: number;
  retentionMs: number;
  partitionWidth: PartitionWidth;
}

export interface HistoryPartition {
  /** The tier's table, e.g. history_buckets_1m. */
  parent: string;
  /** e.g. history_buckets_1m_p20250101t06: the parent's name and the start, UTC. */
  name: string;
  fromMs: number;
  toMs: number;
}

/** `90s` → 90000. Throws a RangeError that says what is wrong. */
export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new RangeError(`"${text}" is not a duration: write <integer><unit>, e.g. 30m, 24h, 1y`);
  const unit = m[2]!;
  if (!(unit in UNIT_MS)) throw new RangeError(`"${text}": unknown unit "${unit}" (use s, m, h, d, w or y)`);
  const n = Number(m[1]);
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`"${text}": the number must be a positive integer`);
  const ms = n * UNIT_MS[unit as Unit];
  if (ms > 100 * UNIT_MS.y) throw new RangeError(`"${text}" is longer than 100 years`);
  return ms;
}

/** The largest unit that divides the duration: 60000 → "1m", 5400000 → "90m". */
export function formatDuration(ms: number): string {
  for (const unit of ['y', 'w', 'd', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}

/**
 * The widest partition that still leaves about four per retention period (at least 1 h): old data
 * goes when its whole partition has passed the retention, so a tier keeps up to retention + one
 * partition. Daily partitions for a 24-hour tier would keep up to 48 h of the biggest tier.
 */
export function choosePartitionWidth(retentionMs: number): PartitionWidth {
  let chosen: PartitionWidth = '1h';
  for (const w of WIDTHS) if (w.approxMs * 4 <= retentionMs) chosen = w.width;
  return chosen;
}

const tierSpecSchema = z
  .string()
  .trim()
  .min(1, 'no history tiers given (expected e.g. "1m:24h,30m:30d,6h:1y")')
  .transform((spec, ctx): HistoryTier[] => {
    const tiers: HistoryTier[] = [];
    for (const [i, part] of spec.split(',').entries()) {
      const where = `tier ${i + 1} ("${part.trim()}")`;
      const pieces = part.split(':');
      if (pieces.length !== 2) {
        ctx.addIssue({ code: 'custom', message: `${where}: expected <resolution>:<retention>, e.g. 30m:30d` });
        continue;
      }
      try {
        const resolutionMs = parseDuration(pieces[0]!);
        const retentionMs = parseDuration(pieces[1]!);
        tiers.push({ name: formatDuration(resolutionMs), resolutionMs, retentionMs, partitionWidth: choosePartitionWidth(retentionMs) });
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `${where}: ${(err as Error).message}` });
      }
    }
    return tiers;
  })
  .superRefine((tiers, ctx) => {
    if (tiers.length > 8) ctx.addIssue({ code: 'custom', message: `at most 8 tiers, got ${tiers.length}` });
    tiers.forEach((t, i) => {
      if (t.retentionMs < t.resolutionMs) {
        ctx.addIssue({ code: 'custom', message: `tier ${t.name}: keeps ${formatDuration(t.retentionMs)}, less than one bucket` });
      }
      const prev = tiers[i - 1];
      if (!prev) return;
      if (t.resolutionMs <= prev.resolutionMs) {
        ctx.addIssue({ code: 'custom', message: `tier ${t.name} must be coarser than the tier before it (${prev.name}): list tiers finest first` });
      } else if (t.resolutionMs % prev.resolutionMs !== 0) {
        ctx.addIssue({ code: 'custom', message: `tier ${t.name} is not a whole multiple of ${prev.name}, so it cannot be rolled up from it` });
      }
      if (t.retentionMs <= prev.retentionMs) {
        ctx.addIssue({ code: 'custom', message: `tier ${t.name} keeps ${formatDuration(t.retentionMs)}, not longer than the finer ${prev.name} (${formatDuration(prev.retentionMs)})` });
      }
      if (prev.retentionMs < 2 * t.resolutionMs) {
        ctx.addIssue({
          code: 'custom',
          message: `tier ${prev.name} keeps ${formatDuration(prev.retentionMs)}: it must keep at least two ${t.name} buckets (${formatDuration(2 * t.resolutionMs)}) for ${t.name} to be rolled up from it`,
        });
      }
    });
  });

/** zod schema for the tier configuration string (for env.ts): parses to HistoryTier[]. */
export const historyTiersSchema = tierSpecSchema;
export type HistoryTiers = z.output<typeof historyTiersSchema>;

export class HistoryTierConfigError extends Error {
  constructor(
    readonly spec: string,
    readonly problems: string[],
  ) {
    super(`history tiers "${spec}": ${problems.join('; ')}`);
    this.name = 'HistoryTierConfigError';
  }
}

/** Parses and validates a tier configuration; throws HistoryTierConfigError listing every problem. */
export function parseHistoryTiers(spec: string): HistoryTier[] {
  const r = historyTiersSchema.safeParse(spec);
  if (!r.success) throw new HistoryTierConfigError(spec, r.error.issues.map((i) => i.message));
  return r.data;
}

export const DEFAULT_HISTORY_TIERS: readonly HistoryTier[] = Object.freeze(parseHistoryTiers(DEFAULT_HISTORY_TIERS_SPEC));

/** Start of the bucket holding `ts` (epoch ms), buckets aligned on the Unix epoch (UTC). */
export function bucketStart(ts: number | Date, resolutionMs: number): number {
  const t = typeof ts === 'number' ? ts : ts.getTime();
  return Math.floor(t / resolutionMs) * resolutionMs;
}

export function tierTableName(tier: Pick<HistoryTier, 'resolutionMs'>): string {
  return `history_buckets_${formatDuration(tier.resolutionMs)}`;
}

export function tierOfResolution(tiers: readonly HistoryTier[], resolutionMs: number): HistoryTier {
  const tier = tiers.find((t) => t.resolutionMs === resolutionMs);
  if (!tier) throw new RangeError(`no history tier with a ${formatDuration(resolutionMs)} resolution (tiers: ${tiers.map((t) => t.name).join(', ')})`);
  return tier;
}

const MONDAY_OFFSET = 4 * DAY; // 1970-01-01 was a Thursday

/** Start of the partition of the given width that holds `ts`. */
export function partitionStart(ts: number, width: PartitionWidth): number {
  switch (width) {
    case '1h':
      return bucketStart(ts, HOUR);
    case '6h':
      return bucketStart(ts, 6 * HOUR);
    case '1d':
      return bucketStart(ts, DAY);
    case '1w':
      return bucketStart(ts - MONDAY_OFFSET, 7 * DAY) + MONDAY_OFFSET;
    case '1mo': {
      const d = new Date(ts);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    }
  }
}

export function partitionEnd(start: number, width: PartitionWidth): number {
  if (width === '1mo') {
    const d = new Date(start);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return start + { '1h': HOUR, '6h': 6 * HOUR, '1d': DAY, '1w': 7 * DAY }[width];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `p20250101`, `p20250101t06`, `p20250101t0630`: the UTC start, as short as it can be. */
export function partitionSuffix(fromMs: number): string {
  const d = new Date(fromMs);
  let s = `p${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  const [h, m, sec] = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  if (h || m || sec) s += `t${pad(h)}${m || sec ? pad(m) : ''}${sec ? pad(sec) : ''}`;
  return s;
}

export function partitionFor(tier: HistoryTier, fromMs: number, toMs: number): HistoryPartition {
  const parent = tierTableName(tier);
  return { parent, name: `${parent}_${partitionSuffix(fromMs)}`, fromMs, toMs };
}

/** The partitions of a tier that overlap [fromMs, toMs), in order. */
export function planPartitions(tier: HistoryTier, fromMs: number, toMs: number): HistoryPartition[] {
  const out: HistoryPartition[] = [];
  for (let start = partitionStart(fromMs, tier.partitionWidth); start < toMs; ) {
    const end = partitionEnd(start, tier.partitionWidth);
    out.push(partitionFor(tier, start, end));
    start = end;
  }
  return out;
}

/**
 * The tier a chart of [fromMs, toMs) reads: among the tiers that still hold `fromMs`, the coarsest
 * whose resolution is no finer than needed for maxPoints points (so a 24-hour chart reads 1-minute
 * buckets, 7 days the 30-minute tier); the coarsest tier when none holds it any more.
 */
export function chooseTier(tiers: readonly HistoryTier[], range: { fromMs: number; toMs: number; nowMs: number; maxPoints: number }): HistoryTier {
  const covering = tiers.filter((t) => range.fromMs >= range.nowMs - t.retentionMs);
  if (covering.length === 0) return tiers[tiers.length - 1]!;
  const wanted = (range.toMs - range.fromMs) / range.maxPoints;
  let chosen = covering[0]!;
  for (const t of covering) if (t.resolutionMs <= wanted) chosen = t;
  return chosen;
}
