/**
 * History storage benchmark (run by hand; prints its figures). Needs the Postgres at
 * 127.0.0.1:5432 (user postgres, trust): creates a scratch database and drops it afterwards.
 *
 *   npx tsx bench/history/history-bench.ts [--nodes 1000] [--cts 60] [--minutes 60]
 *       [--query-nodes 3] [--compression lz4|pglz] [--keep]
 *
 * 1. Polls a synthetic fleet every 15 s for `minutes` of simulated time through the real path —
 *    snapshotSeries → FleetHistoryAccumulator → writeBuckets once a minute (one batch per sweep
 *    that closes buckets) → rollup 1m→30m every 30 min, 30m→6h at the end — and reports rows,
 *    bytes (pg_total_relation_size of the partitions: heap + TOAST + indexes), bytes per stored
 *    value (each average and each maximum is one value) and throughput.
 * 2. Seeds 7 days of 30-minute buckets and 24 h of 1-minute buckets for a few more nodes and
 *    times chart queries: one container's series over 7 days (the target: < 100 ms) and 24 h.
 * `--compression pglz` shows what a server without lz4 (and PGlite, which has only pglz) stores.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { DbHandle } from '../../db/client';
import { createScratchPostgres } from '../../db/test-databases';
import { FleetHistoryAccumulator, NodeHistoryAccumulator, type BucketRow } from '../../server/history/accumulator';
import { computeHistoryDerived, snapshotSeries } from '../../server/history/series';
import { ensurePartitions, listSeriesKeys, querySeries, rollup, writeBuckets } from '../../server/history/store';
import { DEFAULT_HISTORY_TIERS } from '../../server/history/tiers';
import { pct } from '../percentile';
import { createNode, step, type SyntheticNode } from './synthetic-fleet';

const { values: args } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    cts: { type: 'string', default: '60' },
    minutes: { type: 'string', default: '60' },
    'query-nodes': { type: 'string', default: '3' },
    compression: { type: 'string', default: 'lz4' },
    keep: { type: 'boolean', default: false },
  },
});
const NODES = Number(args.nodes);
const CTS = Number(args.cts);
const MINUTES = Number(args.minutes);
const QUERY_NODES = Number(args['query-nodes']);
const [T1M, T30M, T6H] = DEFAULT_HISTORY_TIERS as [(typeof DEFAULT_HISTORY_TIERS)[0], (typeof DEFAULT_HISTORY_TIERS)[0], (typeof DEFAULT_HISTORY_TIERS)[0]];
const MIN = 60_000;
const DAY = 86_400_000;
/** 05:00 UTC: the simulated hour ends on a 6-hour boundary, so the 6h rollup has a closed bucket. */
const START = Date.UTC(2025, 5, 2, 5);

const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const mib = (b: number) => `${fmt(b / 2 ** 20)} MiB`;

async function scratchDb(): Promise<{ handle: DbHandle; drop: () => Promise<void> }> {
  const db = await createScratchPostgres('vzfleet_bench_history');
  return {
    handle: db,
    drop: async () => {
      if (!args.keep) return db.drop();
      await db.close();
      console.log(`kept database ${db.name}`);
    },
  };
}

async function tierFigures(h: DbHandle, resolutionS: number, table: string) {
  const q = async <T>(query: ReturnType<typeof sql>) => ((await h.db.execute(query)) as unknown as { rows: T[] }).rows;
  const [size] = await q<{ bytes: string | null }>(
    sql`select sum(pg_total_relation_size(i.inhrelid))::bigint as bytes from pg_inherits i where i.inhparent = to_regclass(${table})`,
  );
  const [count] = await q<{ rows: string; elements: string | null }>(
    sql`select count(*) as rows, sum(array_length(avg, 1))::bigint as elements from history_buckets where resolution_s = ${resolutionS}`,
  );
  const bytes = Number(size?.bytes ?? 0);
  const values = 2 * Number(count?.elements ?? 0); // average and maximum
  return { rows: Number(count!.rows), bytes, values, perValue: values ? bytes / values : NaN };
}

async function main(): Promise<void> {
  const { handle, drop } = await scratchDb();
  const db = handle.db;
  try {
    if (args.compression !== 'lz4') {
      await db.execute(sql.raw(`alter table history_buckets alter column avg set compression ${args.compression}, alter column max set compression ${args.compression}`));
    }
    await ensurePartitions(db, START);
    console.log(`history bench: ${NODES} nodes × ${CTS} CTs, ${MINUTES} min of 15-s polls, value compression ${args.compression}`);

    const ids = Array.from({ length: NODES }, (_, i) => i + 1);
    const fleet: SyntheticNode[] = ids.map((id) => createNode(id, CTS));
    const acc = new FleetHistoryAccumulator(T1M.resolutionMs);
    const seriesPerNode = snapshotSeries(fleet[0]!.snapshot).length;
    const cpu = { derived: [] as number[], series: [] as number[], accumulate: [] as number[] };
    const writeMs: number[] = [];
    const rollupMs: number[] = [];
    let written = 0;
    for (let m = 0; m < MINUTES; m++) {
      for (let s = 0; s < 4; s++) {
        for (const node of fleet) step(node); // the synthetic drift: not measured
        // What the collector would run per poll, node by node: derived figures (the pure
        // formulas; computed once per poll and shared with the other consumers), the series,
        // the accumulator. Wall time of single-threaded work, GC included.
        const spent = { derived: 0, series: 0, accumulate: 0 };
        for (let i = 0; i < NODES; i++) {
          const t0 = performance.now();
          const derived = computeHistoryDerived(fleet[i]!.snapshot);
          const t1 = performance.now();
          const series = snapshotSeries(fleet[i]!.snapshot, derived);
          const t2 = performance.now();
          // Staggered: node i polls i × (15 s / nodes) into the interval.
          acc.add(ids[i]!, START + m * MIN + s * 15_000 + Math.floor((i * 15_000) / NODES), series);
          const t3 = performance.now();
          spent.derived += t1 - t0;
          spent.series += t2 - t1;
          spent.accumulate += t3 - t2;
        }
        cpu.derived.push(spent.derived);
        cpu.series.push(spent.series);
        cpu.accumulate.push(spent.accumulate);
      }
      const rows = acc.drain(START + (m + 1) * MIN);
      const t0 = performance.now();
      written += (await writeBuckets(db, rows)).rows;
      writeMs.push(performance.now() - t0);
      if ((m + 1) % 30 === 0) {
        const t1 = performance.now();
        // As the collector would a minute later (rollup keeps one finer bucket of slack).
        await rollup(db, T1M, T30M, ids, START + (m + 2) * MIN);
        rollupMs.push(performance.now() - t1);
      }
      if ((m + 1) % 10 === 0) process.stdout.write(`  ${m + 1} min simulated, write p50 ${fmt(pct(writeMs, 50), 0)} ms\n`);
    }
    const t2 = performance.now();
    const coarse = await rollup(db, T30M, T6H, ids, START + MINUTES * MIN + T30M.resolutionMs);
    const rollup6hMs = performance.now() - t2;

    const f1 = await tierFigures(handle, 60, 'history_buckets_1m');
    const f30 = await tierFigures(handle, 1800, 'history_buckets_30m');
    const f6 = await tierFigures(handle, 21600, 'history_buckets_6h');
    const layouts = ((await db.execute(sql`select count(*) as n, pg_total_relation_size('history_layouts') as bytes from history_layouts`)) as unknown as { rows: { n: string; bytes: string }[] }).rows[0]!;
    const perHour = 60 / MINUTES;
    const totalWriteS = writeMs.reduce((a, b) => a + b, 0) / 1000;

    console.log(`\nwrite path (${seriesPerNode} series per node, ${fmt(NODES * seriesPerNode / 1e6, 2)} M series)`);
    for (const [label, xs] of [['derived figures (formulas)', cpu.derived], ['snapshotSeries', cpu.series], ['accumulate', cpu.accumulate]] as const) {
      console.log(`  ${label.padEnd(27)} per 15-s sweep: p50 ${fmt(pct(xs, 50), 0)} ms, p99 ${fmt(pct(xs, 99), 0)} ms (${fmt((pct(xs, 50) / 15000) * 100)} % of one core)`);
    }
    const writeCpuShare = (writeMs.reduce((a, b) => a + b, 0) + rollupMs.reduce((a, b) => a + b, 0) + rollup6hMs) / (MINUTES * MIN);
    console.log(`  writeBuckets per minute (${NODES} rows): p50 ${fmt(pct(writeMs, 50), 0)} ms, max ${fmt(Math.max(...writeMs), 0)} ms`);
    console.log(`  throughput: ${fmt(written / totalWriteS, 0)} rows/s, ${fmt((f1.values / totalWriteS) / 1e6, 2)} M values/s while writing`);
    console.log(`  rollup 1m→30m (${NODES} nodes): ${rollupMs.map((x) => `${fmt(x / 1000, 2)} s`).join(', ')}; 30m→6h: ${fmt(rollup6hMs / 1000, 2)} s (${coarse.buckets} buckets)`);
    console.log(`  time spent writing + rolling up: ${fmt(writeCpuShare * 100)} % of wall time (client and server together)`);
    console.log(`\nstorage per hour (scaled to 60 min)`);
    for (const [name, f] of [['1m', f1], ['30m', f30], ['6h', f6]] as const) {
      console.log(`  ${name.padEnd(4)} ${fmt(f.rows * perHour, 0).padStart(9)} rows  ${mib(f.bytes * perHour).padStart(11)}  ${fmt(f.values * perHour / 1e6, 2)} M values  ${fmt(f.perValue, 2)} B/value`);
    }
    console.log(`  layouts: ${layouts.n} rows, ${mib(Number(layouts.bytes))}`);
    const all = f1.bytes + f30.bytes + f6.bytes + Number(layouts.bytes);
    console.log(`  all tiers + layouts: ${mib(all * perHour)} per hour; ${fmt(all / (f1.values + f30.values + f6.values), 2)} B per stored value`);
    console.log(`  RSS ${mib(process.memoryUsage().rss)}`);

    await queryBench(handle);
  } finally {
    await drop();
  }
}

async function queryBench(h: DbHandle): Promise<void> {
  const db = h.db;
  const end = START;
  const nodeIds = Array.from({ length: QUERY_NODES }, (_, i) => 100_001 + i);
  const seed: BucketRow[] = [];
  for (const id of nodeIds) {
    const node = createNode(id, CTS);
    const acc = new NodeHistoryAccumulator(id, T30M.resolutionMs);
    for (let t = end - 7 * DAY; t < end; t += 7.5 * MIN) {
      step(node);
      acc.add(t, snapshotSeries(node.snapshot));
    }
    seed.push(...acc.drain(end));
  }
  await writeBuckets(db, seed);
  const fine = new NodeHistoryAccumulator(nodeIds[0]!, T1M.resolutionMs);
  const node = createNode(nodeIds[0]!, CTS);
  for (let t = end - DAY; t < end; t += MIN) {
    step(node);
    fine.add(t, snapshotSeries(node.snapshot));
  }
  await writeBuckets(db, fine.drain(end));
  await db.execute(sql`analyze history_buckets`);

  const keys = await listSeriesKeys(db, nodeIds[0]!, 'ct/101/');
  const time = async (label: string, q: Parameters<typeof querySeries>[1]) => {
    const ms: number[] = [];
    let points = 0;
    for (let i = 0; i < 25; i++) {
      const t0 = performance.now();
      const res = await querySeries(db, q);
      if (i >= 5) ms.push(performance.now() - t0);
      points = res.reduce((n, s) => n + s.points.length, 0);
    }
    console.log(`  ${label.padEnd(44)} p50 ${fmt(pct(ms, 50))} ms  p95 ${fmt(pct(ms, 95))} ms  (${q.keys.length} series, ${points} points)`);
  };
  console.log(`\nchart queries (${QUERY_NODES} nodes seeded with 7 days of 30-min buckets, one with 24 h of 1-min)`);
  await time('one container, 7 days (30m tier, 336 rows)', { nodeId: nodeIds[0]!, keys, from: end - 7 * DAY, to: end, now: end });
  await time('one series, 7 days', { nodeId: nodeIds[1] ?? nodeIds[0]!, keys: ['ct/101/privvmpages'], from: end - 7 * DAY, to: end, now: end });
  await time('one container, 24 h (1m tier, 1440 rows → 720 pts)', { nodeId: nodeIds[0]!, keys, from: end - DAY, to: end, now: end });
  await time('node figures, 7 days', { nodeId: nodeIds[0]!, keys: ['node/allocCommit', 'node/ramUtil', 'node/cpuCommitted', 'node/failcnt'], from: end - 7 * DAY, to: end, now: end });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
