import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { NodeHistoryAccumulator } from './accumulator';
import { selectRows } from '../../db/sql-rows';
import { dropExpiredPartitions, ensurePartitions, listPartitions, listSeriesKeys, querySeries, rollup, rollupTiers, writeBuckets } from './store';
import { countRows, DAY, dumpRows, HOUR, MINUTE, pollBuckets, recordingDb, sample } from './test-helpers';
import { DEFAULT_HISTORY_TIERS } from './tiers';

const [T1M, T30M] = DEFAULT_HISTORY_TIERS as [(typeof DEFAULT_HISTORY_TIERS)[0], (typeof DEFAULT_HISTORY_TIERS)[0]];
/** A Monday, 00:00 UTC: the clock of every test here. */
const T0 = Date.UTC(2025, 5, 2);

describe.each(TEST_ENGINES)('history store on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine);
    await ensurePartitions(t.db, T0);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('creates every tier table and contiguous partitions from the retention start to a day ahead, idempotently', async () => {
    expect(await ensurePartitions(t.db, T0)).toEqual([]);
    for (const tier of DEFAULT_HISTORY_TIERS) {
      const parts = await listPartitions(t.db, `history_buckets_${tier.name}`);
      expect(parts[0]!.fromMs).toBeLessThanOrEqual(T0 - tier.retentionMs);
      expect(parts[parts.length - 1]!.toMs).toBeGreaterThanOrEqual(T0 + DAY);
      parts.slice(1).forEach((p, i) => expect(p.fromMs).toBe(parts[i]!.toMs));
    }
    const p1m = await listPartitions(t.db, 'history_buckets_1m');
    expect(p1m.map((p) => p.name)).toContain('history_buckets_1m_p20250602t06');
    expect(p1m.find((p) => p.name === 'history_buckets_1m_p20250602t06')).toMatchObject({ fromMs: T0 + 6 * HOUR, toMs: T0 + 12 * HOUR });
  });

  it('stores the value arrays lz4-compressed where the server has lz4 (Postgres), pglz otherwise', async () => {
    const [r] = await selectRows<{ c: string }>(
      t.db,
      sql`select attcompression::text as c from pg_attribute where attrelid = 'history_buckets_1m_p20250602'::regclass and attname = 'avg'`,
    );
    expect(r!.c).toBe(engine === 'postgres' ? 'l' : '');
  });

  it('reads back what was written: averages, maxima, barrier and limit of each key', async () => {
    const rows = pollBuckets(1, T0, T0 + 10 * MINUTE, 15_000, (at) => {
      const i = (at - T0) / 15_000; // 0, 1, 2, 3 within each minute
      return [
        sample('ct/101/numproc', 10 + (i % 4), 100, 110),
        sample('ct/101/physpages', 5, 0, Infinity),
        sample('node/runningCts', 1),
        sample('ct/101/@allocCommit', NaN), // unlimited: no value
      ];
    });
    expect(rows).toHaveLength(10);
    expect(await writeBuckets(t.db, rows)).toEqual({ rows: 10, statements: 1, merged: 0 });
    const [numproc, phys, running, absent, notApplicable] = await querySeries(t.db, {
      nodeId: 1,
      keys: ['ct/101/numproc', 'ct/101/physpages', 'node/runningCts', 'ct/999/numproc', 'ct/101/@allocCommit'],
      from: T0,
      to: T0 + HOUR,
      now: T0 + HOUR,
    });
    expect(numproc!.tier).toBe('1m');
    expect(numproc!.points).toHaveLength(10);
    expect(numproc!.points[0]).toEqual({ t: T0, avg: 11.5, max: 13 });
    expect(numproc!.points[9]!.t).toBe(T0 + 9 * MINUTE);
    expect([numproc!.barrier, numproc!.limit]).toEqual([100, 110]);
    expect([phys!.barrier, phys!.limit]).toEqual([0, null]); // null: unlimited
    expect(running!.points.every((p) => p.avg === 1 && p.max === 1)).toBe(true);
    expect([running!.barrier, running!.limit]).toEqual([null, null]);
    expect(absent!.points).toEqual([]);
    expect(notApplicable!.points).toEqual([]);
  });

  it('writes a replayed bucket over the stored one instead of doubling it', async () => {
    const rows = pollBuckets(2, T0, T0 + 5 * MINUTE, 15_000, (at) => [sample('ct/101/numproc', at % 7)]);
    await writeBuckets(t.db, rows);
    const before = await dumpRows(t.db, 2, 60);
    await writeBuckets(t.db, rows);
    await writeBuckets(t.db, [...rows, ...rows]);
    expect(await countRows(t.db, 2, 60)).toBe(5);
    expect(await dumpRows(t.db, 2, 60)).toBe(before);
  });

  it('rolls up with averages weighted by sample count and the maximum of maxima, idempotently', async () => {
    // 12:00–12:30: one poll in the first minute (value 10), three in the second (20, 20, 50).
    const acc = new NodeHistoryAccumulator(3, MINUTE);
    acc.add(T0 + 12 * HOUR, [sample('ct/101/numproc', 10, 100, 100)]);
    for (const [s, v] of [[0, 20], [20, 20], [40, 50]] as const) acc.add(T0 + 12 * HOUR + MINUTE + s * 1000, [sample('ct/101/numproc', v, 200, 300)]);
    await writeBuckets(t.db, acc.drain(T0 + 13 * HOUR));
    // Not closed yet at 12:15, nor at 12:30 (its last minute may still be on its way): nothing.
    expect((await rollup(t.db, T1M, T30M, [3], T0 + 12 * HOUR + 15 * MINUTE)).buckets).toBe(0);
    expect((await rollup(t.db, T1M, T30M, [3], T0 + 12 * HOUR + 30 * MINUTE)).buckets).toBe(0);
    expect((await rollup(t.db, T1M, T30M, [3], T0 + 12 * HOUR + 31 * MINUTE)).buckets).toBe(1);
    const [r] = await selectRows<{ samples: number; avg: number[]; max: number[] }>(
      t.db,
      sql`select samples, avg, max from history_buckets where node_id = 3 and resolution_s = 1800`,
    );
    expect(r).toMatchObject({ samples: 4, avg: [(10 + 20 + 20 + 50) / 4], max: [50] });
    const once = await dumpRows(t.db, 3, 1800);
    expect(await rollup(t.db, T1M, T30M, [3], T0 + 12 * HOUR + 31 * MINUTE)).toEqual({ buckets: 0, finerRows: 0 });
    await rollup(t.db, T1M, T30M, [3], T0 + 13 * HOUR);
    await rollup(t.db, T1M, T30M, [3], T0 + 12 * HOUR + 31 * MINUTE, { recomputeLast: true });
    expect(await dumpRows(t.db, 3, 1800)).toBe(once);
    const [week] = await querySeries(t.db, { nodeId: 3, keys: ['ct/101/numproc'], from: T0, to: T0 + 7 * DAY, now: T0 + 7 * DAY });
    expect(week).toMatchObject({ tier: '30m', points: [{ t: T0 + 12 * HOUR, avg: 25, max: 50 }], barrier: 200, limit: 300 });
  });

  it('reads only finer rows after the newest coarse bucket; recomputes that one on request; rolls 30m up into 6h', async () => {
    await writeBuckets(t.db, pollBuckets(4, T0, T0 + 10 * MINUTE, 30_000, () => [sample('node/failcnt', 1)]));
    expect(await rollup(t.db, T1M, T30M, [4], T0 + 31 * MINUTE)).toEqual({ buckets: 1, finerRows: 10 });
    // Rows that came in late (rolled up too early): the default run does not look back at them.
    await writeBuckets(t.db, pollBuckets(4, T0 + 20 * MINUTE, T0 + 30 * MINUTE, 30_000, () => [sample('node/failcnt', 4)]));
    await writeBuckets(t.db, pollBuckets(4, T0 + 30 * MINUTE, T0 + 31 * MINUTE, 30_000, () => [sample('node/failcnt', 4)]));
    expect(await rollup(t.db, T1M, T30M, [4], T0 + HOUR + MINUTE)).toEqual({ buckets: 1, finerRows: 1 });
    expect(await rollup(t.db, T1M, T30M, [4], T0 + 31 * MINUTE, { recomputeLast: true })).toEqual({ buckets: 1, finerRows: 20 });
    await rollupTiers(t.db, [4], T0 + 6 * HOUR + 30 * MINUTE);
    const rows = await selectRows<{ resolution_s: number; samples: number; avg: number[]; max: number[] }>(
      t.db,
      sql`select resolution_s, samples, avg, max from history_buckets where node_id = 4 and resolution_s > 60 order by resolution_s, bucket`,
    );
    expect(rows).toEqual([
      { resolution_s: 1800, samples: 40, avg: [(20 * 1 + 20 * 4) / 40], max: [4] },
      { resolution_s: 1800, samples: 2, avg: [4], max: [4] },
      { resolution_s: 21600, samples: 42, avg: [expect.closeTo((40 * 2.5 + 2 * 4) / 42, 6)], max: [4] },
    ]);
  });

  it('drops whole expired partitions — never DELETE — and the rows in them go', async () => {
    const now = T0 + 3 * DAY;
    await writeBuckets(t.db, pollBuckets(5, T0 + HOUR, T0 + HOUR + 3 * MINUTE, 60_000, () => [sample('node/runningCts', 3)]));
    await writeBuckets(t.db, pollBuckets(5, now - HOUR, now - HOUR + 2 * MINUTE, 60_000, () => [sample('node/runningCts', 3)]));
    expect(await countRows(t.db, 5, 60)).toBe(5);
    const spy = recordingDb(t.db);
    const dropped = await dropExpiredPartitions(spy.db, now);
    expect(dropped).toContain('history_buckets_1m_p20250602');
    expect(dropped).toContain('history_buckets_30m_p20250428'); // the week that ended more than 30 days ago
    expect(dropped.filter((n) => n.startsWith('history_buckets_6h_'))).toEqual([]);
    expect(spy.statements.some((s) => /\bdelete\b/i.test(s))).toBe(false);
    expect(spy.statements.some((s) => /^drop table/i.test(s))).toBe(true);
    expect(await countRows(t.db, 5, 60)).toBe(2);
    const left = await listPartitions(t.db, 'history_buckets_1m');
    expect(left[0]!.fromMs).toBeGreaterThanOrEqual(now - DAY - 6 * HOUR);
    // The drop went through another handle, so t.db still believes the partition exists (as when
    // another process drops it): writing into the past again re-creates the partition it needs.
    await writeBuckets(t.db, pollBuckets(5, T0, T0 + MINUTE, 60_000, () => [sample('node/runningCts', 3)]));
    expect(await countRows(t.db, 5, 60)).toBe(3);
    expect(await dropExpiredPartitions(t.db, now)).toEqual(['history_buckets_1m_p20250602']);
    expect(await dropExpiredPartitions(t.db, now)).toEqual([]);
  });

  it('downsamples to at most maxPoints, keeping the maximum of maxima and the weighted average', async () => {
    // Two hours of minutes: value = minute index, one poll per minute; a spike of 1000 at minute 77.
    const rows = pollBuckets(6, T0, T0 + 2 * HOUR, MINUTE, (at) => {
      const m = (at - T0) / MINUTE;
      return [sample('ct/7/kmemsize', m === 77 ? 1000 : m)];
    });
    await writeBuckets(t.db, rows);
    const [s] = await querySeries(t.db, { nodeId: 6, keys: ['ct/7/kmemsize'], from: T0, to: T0 + 2 * HOUR, now: T0 + 2 * HOUR, maxPoints: 7 });
    expect(s!.points.length).toBeLessThanOrEqual(7);
    expect(s!.stepMs % MINUTE).toBe(0);
    expect(Math.max(...s!.points.map((p) => p.max!))).toBe(1000);
    const total = (119 * 120) / 2 - 77 + 1000;
    const n = s!.points.map((p, i) => (Math.min(s!.points[i + 1]?.t ?? Infinity, T0 + 2 * HOUR) - Math.max(p.t, T0)) / MINUTE);
    expect(s!.points.reduce((acc, p, i) => acc + p.avg! * n[i]!, 0)).toBeCloseTo(total, 6);
  });

  it('returns correct series across a layout change: a CT added mid-bucket, in the fine and the rolled-up tier', async () => {
    const start = T0 + 18 * HOUR;
    // ct/102 starts at minute 2 + 30 s: two of the four polls of that minute see it.
    const rows = pollBuckets(7, start, start + 30 * MINUTE, 15_000, (at) => {
      const s = [sample('ct/101/numproc', 10, 50, 60)];
      if (at >= start + 2.5 * MINUTE) s.push(sample('ct/102/numproc', at < start + 3 * MINUTE ? 40 : 20, 70, 80));
      return s;
    });
    await writeBuckets(t.db, rows);
    const [a, b] = await querySeries(t.db, { nodeId: 7, keys: ['ct/101/numproc', 'ct/102/numproc'], from: start, to: start + 30 * MINUTE, now: start + HOUR });
    expect(a!.points).toHaveLength(30);
    expect(b!.points).toHaveLength(28);
    expect(b!.points[0]).toEqual({ t: start + 2 * MINUTE, avg: 40, max: 40 });
    expect(b!.points[1]).toEqual({ t: start + 3 * MINUTE, avg: 20, max: 20 });
    expect([b!.barrier, b!.limit]).toEqual([70, 80]);
    await rollup(t.db, T1M, T30M, [7], start + 31 * MINUTE);
    const [wa, wb] = await querySeries(t.db, { nodeId: 7, keys: ['ct/101/numproc', 'ct/102/numproc'], from: start - DAY, to: start + DAY, now: start + DAY });
    expect(wa!.points).toEqual([{ t: start, avg: 10, max: 10 }]);
    expect(wb!.points).toHaveLength(1);
    expect(wb!.points[0]).toMatchObject({ t: start, max: 40 });
    expect(wb!.points[0]!.avg).toBeCloseTo((2 * 40 + 27 * 4 * 20) / 110, 5);
    expect(await listSeriesKeys(t.db, 7, 'ct/102/')).toEqual(['ct/102/numproc']);
  });

  it('fills the newest part of a coarse-tier chart from the finer tier before it is rolled up', async () => {
    const start = T0 + 20 * HOUR;
    await writeBuckets(t.db, pollBuckets(8, start, start + 45 * MINUTE, MINUTE, () => [sample('node/cpuCommitted', 0.5)]));
    const [s] = await querySeries(t.db, { nodeId: 8, keys: ['node/cpuCommitted'], from: start - 6 * DAY, to: start + HOUR, now: start + HOUR });
    expect(s!.tier).toBe('30m');
    expect(s!.points).toEqual([
      { t: start, avg: 0.5, max: 0.5 },
      { t: start + 30 * MINUTE, avg: 0.5, max: 0.5 },
    ]);
  });
});
