/**
 * Server time of the data calls behind the fleet overview, a node page, a container page and the
 * support lookup, with a big seeded fleet; first-load JS per route from the build; optionally the
 * browser's render time of the overview. Run by hand; prints its figures.
 *
 *   npx tsx bench/ui/ui-bench.ts [--nodes 1000] [--cts 60] [--runs 30] [--engine postgres|pglite]
 *       [--browser [--network loopback|office|mobile]] [--keep]
 *
 * Postgres: a scratch database on 127.0.0.1:5432 (dropped afterwards unless --keep). The calls go
 * through the tRPC caller, so the time includes input validation and the router. Targets (issue 5):
 * p95 < 100 ms per call; < 250 kB compressed first-load JS per route. --browser needs `next build`;
 * it reports, for the overview and the wall, the bytes transferred until the first rows are on screen
 * and the time to get there (issue 16: ≤ 150 kB, < 500 ms at 1000 nodes), on loopback or on an
 * emulated link (--network, browser.ts NETWORK_PROFILES; the JS sizes are always measured on loopback).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openDb, type DbHandle } from '../../db/client';
import { migrateDb } from '../../db/migrate';
import { createScratchPostgres } from '../../db/test-databases';
import { createCaller } from '../../server/api/root';
import { createTestServices } from '../../server/test-services';
import { pct } from '../percentile';
import { measureInBrowser, NETWORK_PROFILES, type Bytes, type Timeline } from './browser';
import { measureFirstLoadJs } from './first-load-js';
import { seedFleet } from './seed-fleet';

const { values: args } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    cts: { type: 'string', default: '60' },
    runs: { type: 'string', default: '30' },
    engine: { type: 'string', default: 'postgres' },
    browser: { type: 'boolean', default: false },
    network: { type: 'string', default: 'loopback' },
    keep: { type: 'boolean', default: false },
  },
});
const NODES = Number(args.nodes);
const CTS = Number(args.cts);
const RUNS = Number(args.runs);
if (!(args.network in NETWORK_PROFILES)) throw new Error(`--network: one of ${Object.keys(NETWORK_PROFILES).join(', ')}`);
const NETWORK = NETWORK_PROFILES[args.network] ?? null;
const log = (s: string) => console.log(s);
const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(10);

async function openBenchDb(): Promise<{ handle: DbHandle; url: string | null; drop: () => Promise<void> }> {
  if (args.engine === 'pglite') {
    const handle = openDb({ kind: 'pglite' });
    await migrateDb(handle);
    return { handle, url: null, drop: () => handle.close() };
  }
  const db = await createScratchPostgres('vzfleet_bench_ui');
  return {
    handle: db,
    url: db.url,
    drop: async () => {
      if (!args.keep) return db.drop();
      await db.close();
      log(`kept database ${db.name}`);
    },
  };
}

async function time(label: string, fn: () => Promise<unknown>): Promise<{ label: string; p50: number; p95: number; max: number }> {
  for (let i = 0; i < 3; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  return { label, p50: pct(xs, 50), p95: pct(xs, 95), max: Math.max(...xs) };
}

async function main() {
  const { handle, url, drop } = await openBenchDb();
  try {
    log(`Seeding ${NODES} nodes × ${CTS} CTs on ${handle.kind} …`);
    const now = Date.now();
    const seeded = await seedFleet(handle.db, NODES, CTS, now, log);
    log(`  seeded in ${seeded.seconds.toFixed(0)} s`);
    await handle.db.execute('analyze');
    const services = createTestServices(handle, { secret: Buffer.alloc(32), connectTimeoutMs: 1000, commandTimeoutMs: 1000 });
    const api = createCaller({ services, headers: new Headers(), viewer: { kind: 'user', id: 'bench', role: 'operator', label: 'bench' } });
    const nodeId = seeded.nodeIds[Math.floor(seeded.nodeIds.length / 2)]!;
    const ctId = '130';
    const results = [
      await time('fleet.overview (/)', () => api.fleet.overview()),
      await time('fleet.failing (/)', () => api.fleet.failing({ windowMinutes: 60 })),
      await time('node.byId (/nodes/[id])', () => api.node.byId({ id: nodeId })),
      await time('node.charts (/nodes/[id])', () => api.node.charts({ id: nodeId })),
      await time('container.listByNode (/nodes/[id])', () => api.container.listByNode({ nodeId })),
      await time('container.byId (/…/ct/[ctId])', () => api.container.byId({ nodeId, ctId })),
      await time('container.events (/…/ct/[ctId])', () => api.container.events({ nodeId, ctId, days: 7 })),
      await time('lookup.search hostname fragment', () => api.lookup.search({ q: 'ct130.n50' })),
      await time('lookup.search IP fragment', () => api.lookup.search({ q: '10.100.7.' })),
      await time('lookup.search CT id', () => api.lookup.search({ q: '1301' })),
    ];
    const overview = await api.fleet.overview();
    log(`\nServer time per call (${RUNS} runs after 3 warm-ups; ${handle.kind}; overview payload ${(JSON.stringify(overview).length / 1024).toFixed(0)} KiB JSON):`);
    log(`${'call'.padEnd(38)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'max'.padStart(10)}`);
    for (const r of results) log(`${r.label.padEnd(38)}${ms(r.p50)}${ms(r.p95)}${ms(r.max)}`);

    if (fs.existsSync('.next/BUILD_ID')) {
      log('\nFirst-load JS per route (next build output, gzip -9 / brotli 11):');
      let routes: ReturnType<typeof measureFirstLoadJs> = [];
      try {
        routes = measureFirstLoadJs('.next');
      } catch (err) {
        log(`  (${(err as Error).message})`);
      }
      for (const r of routes) log(`${r.route.padEnd(26)}${`${r.gzipKb.toFixed(1)} kB`.padStart(10)}${`${r.brotliKb.toFixed(1)} kB`.padStart(10)}  (${r.rawKb.toFixed(0)} kB raw, ${r.files} files)`);
    } else log('\n(no .next build: run `npx next build` for the first-load JS figures)');

    if (args.browser) {
      if (!url) throw new Error('--browser needs --engine postgres (the server runs in its own process)');
      const b = await measureInBrowser(url, ['/', `/nodes/${nodeId}`, `/nodes/${nodeId}/ct/${ctId}`, '/lookup?q=ct130.n50', '/wall'], 5, NETWORK);
      log(`\nIn Chromium (next start on the same database; first views over ${NETWORK?.name ?? 'loopback'}):`);
      for (const j of b.jsKb) log(`  JS transferred for ${j.path.padEnd(28)} ${j.kb.toFixed(1)} kB`);
      const kb = (x: Bytes) => `${(x.total / 1000).toFixed(1)} kB (${Object.entries(x.byType).map(([t, n]) => `${t} ${(n / 1000).toFixed(1)}`).join(', ')}; fleet.overview ${(x.overview / 1000).toFixed(1)} kB)`;
      for (const v of b.views) {
        log(`  ${v.path.padEnd(6)} first view: ${kb(v.bytes)} transferred until Playwright saw the first rows (+ 200 ms)`);
        log(`  ${v.path.padEnd(6)}             ${kb(v.bytesAtPaint)} finished by the frame with the first rows`);
        log(`  ${v.path.padEnd(6)} navigation → Playwright saw the first rows: p50 ${pct(v.firstRowsMs, 50)} ms, max ${Math.max(...v.firstRowsMs)} ms`);
        log(`  ${v.path.padEnd(6)} navigation start → first frame with rows (timed in the page): p50 ${pct(v.paintedMs, 50)} ms, max ${Math.max(...v.paintedMs)} ms`);
        log(`  ${v.path.padEnd(6)} navigation start → that frame presented (Element Timing): p50 ${pct(v.shownMs, 50)} ms, max ${Math.max(...v.shownMs)} ms`);
        // The goal (issue 16): first rows on screen < 500 ms, ≤ 150 kB transferred for them.
        const shown = pct(v.shownMs, 50);
        const met = shown < 500 && v.bytesAtPaint.total <= 150_000;
        log(`  ${v.path.padEnd(6)} goal, rows presented < 500 ms with ≤ 150 kB: p50 ${shown} ms, ${(v.bytesAtPaint.total / 1000).toFixed(1)} kB by the rows frame: ${met ? 'met' : 'missed'}`);
        const at = (f: (t: Timeline) => number | null) => `${pct(v.timeline.map((t) => f(t) ?? NaN), 50).toFixed(0)} ms`;
        log(`  ${v.path.padEnd(6)} where it went (p50 from navigation start): document's first byte ${at((t) => t.responseStart)}, last byte ${at((t) => t.responseEnd)}, parsed ${at((t) => t.domInteractive)}, first contentful paint ${at((t) => t.firstContentfulPaint)}`);
      }
    }
    services.ssh.closeAll();
  } finally {
    await drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
