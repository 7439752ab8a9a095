/**
 * /api/metrics at fleet scale: a seeded fleet (nodes × CTs, stored through the collector's own
 * storeSnapshot), then the scrape as Prometheus does it — time and bytes of the default scrape
 * (node- and fleet-level series) and of a per-node scrape (?node=, per-CT series), raw and gzip
 * (the "gzip" timings include compressing the body, as next start does for Prometheus).
 * Run by hand; prints its figures.
 *
 *   npx tsx bench/metrics/metrics-bench.ts [--nodes 1000] [--cts 60] [--runs 50] [--keep]
 *
 * Postgres: a scratch database on 127.0.0.1:5432 (dropped afterwards unless --keep). Target
 * (issue 16): every scrape served from memory in < 100 ms at 1000 × 60.
 */
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createScratchPostgres } from '../../db/test-databases';
import { cachedFleetMetrics, handleMetricsRequest } from '../../server/metrics/http';
import { createTestServices } from '../../server/test-services';
import { pct } from '../percentile';
import { seedFleet } from '../ui/seed-fleet';

const { values: args } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    cts: { type: 'string', default: '60' },
    runs: { type: 'string', default: '50' },
    keep: { type: 'boolean', default: false },
  },
});
const NODES = Number(args.nodes);
const CTS = Number(args.cts);
const RUNS = Number(args.runs);
const TOKEN = 'bench-metrics-token-0123456789';
const log = (s: string) => console.log(s);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

async function main() {
  const db = await createScratchPostgres('vzfleet_bench_metrics');
  try {
    log(`Seeding ${NODES} nodes × ${CTS} CTs on postgres …`);
    const seeded = await seedFleet(db.db, NODES, CTS, Date.now(), log);
    log(`  seeded in ${seeded.seconds.toFixed(0)} s`);
    await db.db.execute('analyze');
    let now = Date.now();
    const services = createTestServices(db, { secret: Buffer.alloc(32), connectTimeoutMs: 1000, commandTimeoutMs: 1000 }, { clock: () => new Date(now), pollIntervalMs: 15_000 });
    const scrape = async (query = '', gzip = false) => {
      const t0 = performance.now();
      const res = await handleMetricsRequest(services, new Request(`http://127.0.0.1/api/metrics${query}`, { headers: { authorization: `Bearer ${TOKEN}`, ...(gzip ? { 'accept-encoding': 'gzip' } : {}) } }), TOKEN);
      // gzip as next start compresses the response on its way out (level 6, zlib's default)
      const body = Buffer.from(await res.arrayBuffer());
      const bytes = gzip ? gzipSync(body).length : body.length;
      if (res.status !== 200) throw new Error(`scrape ${query} answered ${res.status}`);
      return { ms: performance.now() - t0, bytes };
    };

    const cold = await scrape();
    const series = (await (await handleMetricsRequest(services, new Request('http://127.0.0.1/api/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }), TOKEN)).text())
      .split('\n')
      .filter((l) => l && !l.startsWith('#')).length;
    const warm: number[] = [];
    let gz = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = await scrape('', true);
      warm.push(r.ms);
      gz = r.bytes;
    }
    // a poll interval later: the scrape that notices starts a rebuild and is answered from memory
    const before = cachedFleetMetrics(services);
    now += 15_000;
    const rebuildStart = performance.now();
    const during = await scrape('', true);
    while (cachedFleetMetrics(services) === before) await new Promise((r) => setTimeout(r, 5));
    const rebuildMs = performance.now() - rebuildStart;

    log(`\nDefault scrape (node + fleet level), ${NODES} nodes × ${CTS} CTs:`);
    log(`  series ${series}; body ${kb(cold.bytes)} raw, ${kb(gz)} gzip`);
    log(`  first scrape after start (builds from the database): ${cold.ms.toFixed(0)} ms`);
    log(`  from memory (${RUNS} scrapes, gzip): p50 ${pct(warm, 50).toFixed(1)} ms, p95 ${pct(warm, 95).toFixed(1)} ms, max ${Math.max(...warm).toFixed(1)} ms`);
    log(`  scrape that starts a rebuild: ${during.ms.toFixed(1)} ms; the rebuild itself (in the background): ~${rebuildMs.toFixed(0)} ms`);

    const names = Array.from({ length: 10 }, (_, i) => `hn${String(Math.floor((i * NODES) / 10) + 1).padStart(4, '0')}`);
    const firstNode: number[] = [];
    const again: number[] = [];
    let raw = 0;
    let gzNode = 0;
    for (const name of names) {
      firstNode.push((await scrape(`?node=${name}`, true)).ms);
      const r = await scrape(`?node=${name}`, true);
      again.push(r.ms);
      gzNode = r.bytes;
      raw = (await scrape(`?node=${name}`)).bytes;
    }
    const nodeSeries = (await (await handleMetricsRequest(services, new Request(`http://127.0.0.1/api/metrics?node=${names[0]}`, { headers: { authorization: `Bearer ${TOKEN}` } }), TOKEN)).text())
      .split('\n')
      .filter((l) => l && !l.startsWith('#')).length;
    log(`\nPer-node scrape (?node=, per-CT series), ${CTS} CTs, 10 nodes:`);
    log(`  body ${kb(raw)} raw, ${kb(gzNode)} gzip (${nodeSeries} series); the whole fleet this way ≈ ${((raw * NODES) / 1024 ** 3).toFixed(2)} GiB per round`);
    log(`  a new snapshot: read + render (ahead of the scrape, in the background, for nodes Prometheus scrapes): p50 ${pct(firstNode, 50).toFixed(1)} ms, max ${Math.max(...firstNode).toFixed(1)} ms`);
    log(`  the scrape itself, from memory: p50 ${pct(again, 50).toFixed(1)} ms, max ${Math.max(...again).toFixed(1)} ms`);
    services.ssh.closeAll();
  } finally {
    if (args.keep) {
      await db.close();
      log(`kept database ${db.name}`);
    } else await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
