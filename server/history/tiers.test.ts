import { describe, expect, it } from 'vitest';
import {
  bucketStart,
  choosePartitionWidth,
  chooseTier,
  DEFAULT_HISTORY_TIERS,
  formatDuration,
  HistoryTierConfigError,
  historyTiersSchema,
  parseDuration,
  parseHistoryTiers,
  planPartitions,
} from './tiers';

const H = 3_600_000;
const D = 24 * H;

describe('parseHistoryTiers', () => {
  it('reads the default round-robin tiers', () => {
    expect(DEFAULT_HISTORY_TIERS).toEqual([
      { name: '1m', resolutionMs: 60_000, retentionMs: D, partitionWidth: '6h' },
      { name: '30m', resolutionMs: 1_800_000, retentionMs: 30 * D, partitionWidth: '1w' },
      { name: '6h', resolutionMs: 6 * H, retentionMs: 365 * D, partitionWidth: '1mo' },
    ]);
  });

  it('reads other valid configurations', () => {
    expect(parseHistoryTiers(' 15s:2h , 5m:7d ').map((t) => [t.name, t.retentionMs, t.partitionWidth])).toEqual([
      ['15s', 2 * H, '1h'],
      ['5m', 7 * D, '1d'],
    ]);
    expect(parseHistoryTiers('90s:1d')[0]!.name).toBe('90s');
    expect(parseHistoryTiers('60m:2d')[0]!.name).toBe('1h');
    expect(historyTiersSchema.parse('1m:24h')).toHaveLength(1);
  });

  it.each([
    ['', /no history tiers given/],
    ['1m', /tier 1 \("1m"\): expected <resolution>:<retention>/],
    ['1m:24x', /unknown unit "x"/],
    ['1.5m:24h', /is not a duration/],
    ['0m:24h', /positive integer/],
    ['1m:24h,,6h:1y', /tier 2 \(""\)/],
    ['30m:30d,1m:24h', /must be coarser than the tier before it/],
    ['1m:24h,7m:30d,6h:1y', /6h is not a whole multiple of 7m/],
    ['1m:24h,30m:12h', /not longer than the finer 1m/],
    ['1m:40m,30m:30d', /1m keeps 40m: it must keep at least two 30m buckets/],
    ['1h:30m', /less than one bucket/],
    ['1m:200y', /longer than 100 years/],
  ])('rejects %j with a message saying why', (spec, message) => {
    expect(() => parseHistoryTiers(spec)).toThrow(HistoryTierConfigError);
    expect(() => parseHistoryTiers(spec)).toThrow(message);
  });

  it('lists every problem at once', () => {
    try {
      parseHistoryTiers('1m:1x,5q:1d');
      expect.unreachable();
    } catch (err) {
      expect((err as HistoryTierConfigError).problems).toHaveLength(2);
    }
  });
});

describe('durations', () => {
  it('parses and formats', () => {
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('1y')).toBe(365 * D);
    expect(parseDuration('2w')).toBe(14 * D);
    expect(formatDuration(1_800_000)).toBe('30m');
    expect(formatDuration(5_400_000)).toBe('90m');
    expect(formatDuration(7 * D)).toBe('1w');
  });
});

describe('bucketStart', () => {
  it('aligns on the epoch, UTC', () => {
    const t = Date.UTC(2025, 0, 1, 12, 34, 56, 789);
    expect(bucketStart(t, 60_000)).toBe(Date.UTC(2025, 0, 1, 12, 34));
    expect(bucketStart(new Date(t), 1_800_000)).toBe(Date.UTC(2025, 0, 1, 12, 30));
    expect(bucketStart(t, 6 * H)).toBe(Date.UTC(2025, 0, 1, 12));
    expect(bucketStart(Date.UTC(2025, 0, 1, 12, 30), 1_800_000)).toBe(Date.UTC(2025, 0, 1, 12, 30)); // a start is its own bucket
    expect(bucketStart(Date.UTC(2025, 0, 1, 12, 30) - 1, 1_800_000)).toBe(Date.UTC(2025, 0, 1, 12));
  });
});

describe('partition plan', () => {
  const [m1, m30, h6] = DEFAULT_HISTORY_TIERS;

  it('widens partitions with the retention: about four per retention period', () => {
    expect([2 * H, D, 7 * D, 30 * D, 365 * D].map(choosePartitionWidth)).toEqual(['1h', '6h', '1d', '1w', '1mo']);
  });

  it('names and bounds partitions deterministically from their UTC start', () => {
    expect(planPartitions(m1!, Date.UTC(2025, 0, 1, 5), Date.UTC(2025, 0, 1, 13))).toEqual([
      { parent: 'history_buckets_1m', name: 'history_buckets_1m_p20250101', fromMs: Date.UTC(2025, 0, 1), toMs: Date.UTC(2025, 0, 1, 6) },
      { parent: 'history_buckets_1m', name: 'history_buckets_1m_p20250101t06', fromMs: Date.UTC(2025, 0, 1, 6), toMs: Date.UTC(2025, 0, 1, 12) },
      { parent: 'history_buckets_1m', name: 'history_buckets_1m_p20250101t12', fromMs: Date.UTC(2025, 0, 1, 12), toMs: Date.UTC(2025, 0, 1, 18) },
    ]);
  });

  it('starts weeks on Monday and months on the 1st (February of a leap year included)', () => {
    const weeks = planPartitions(m30!, Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 7));
    expect(weeks.map((p) => p.name)).toEqual(['history_buckets_30m_p20241230', 'history_buckets_30m_p20250106']);
    expect(new Date(weeks[1]!.fromMs).getUTCDay()).toBe(1);
    const months = planPartitions(h6!, Date.UTC(2024, 1, 10), Date.UTC(2024, 2, 2));
    expect(months).toEqual([
      { parent: 'history_buckets_6h', name: 'history_buckets_6h_p20240201', fromMs: Date.UTC(2024, 1, 1), toMs: Date.UTC(2024, 2, 1) },
      { parent: 'history_buckets_6h', name: 'history_buckets_6h_p20240301', fromMs: Date.UTC(2024, 2, 1), toMs: Date.UTC(2024, 3, 1) },
    ]);
  });
});

describe('chooseTier', () => {
  const now = Date.UTC(2025, 5, 1);
  const pick = (rangeMs: number, maxPoints = 1000) => chooseTier(DEFAULT_HISTORY_TIERS, { fromMs: now - rangeMs, toMs: now, nowMs: now, maxPoints }).name;
  it('reads the finest tier that still holds the range, unless it is needlessly fine', () => {
    expect([pick(H), pick(D), pick(7 * D), pick(30 * D), pick(365 * D), pick(3 * 365 * D)]).toEqual(['1m', '1m', '30m', '30m', '6h', '6h']);
    expect(pick(D, 10)).toBe('30m');
  });
});
