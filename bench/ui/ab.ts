/**
 * Two builds of the dashboard, compared by paired cold loads in Chromium:
 *
 *   npx tsx bench/ui/ab.ts --old <checkout with a next build> [--new .] [--path /] [--runs 12]
 *       [--nodes 1000] [--cts 60] [--gap-ms 1500] [--network loopback|office|mobile]
 *
 * On this 2-core machine one page's first frame moves by ±100 ms between runs of bench/ui (the
 * machine is shared with the server and whatever else runs), more than most single changes
 * save. Here both builds serve the same scratch database at once (`next start` each, collector
 * and demo off) and the loads alternate (old, new, then new, old), each in a fresh browser context
 * with `--gap-ms` of quiet after it, so both see the same noise. Printed per build: the document's
 * first byte, the frame with the first rows (timed in the page) and that frame presented (Element
 * Timing), p50 and each run. The first two rounds warm the servers and are not counted. With
 * --network, Chromium throttles every load to that link (browser.ts NETWORK_PROFILES).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { createScratchPostgres } from '../../db/test-databases';
import { alternateColdLoads, FIRST_ROW_SELECTOR, NETWORK_PROFILES, p50, signInAdmin, startServer, waitForDashboard } from './browser';
import { seedFleet } from './seed-fleet';

const { values: args } = parseArgs({
  options: {
    old: { type: 'string' },
    new: { type: 'string', default: '.' },
    path: { type: 'string', default: '/' },
    runs: { type: 'string', default: '12' },
    nodes: { type: 'string', default: '1000' },
    cts: { type: 'string', default: '60' },
    'gap-ms': { type: 'string', default: '1500' },
    network: { type: 'string', default: 'loopback' },
  },
});
if (!args.old) throw new Error('--old <directory of the other checkout, built with `next build`>');
const selector: string | undefined = FIRST_ROW_SELECTOR[args.path];
if (!selector) throw new Error(`--path: one of ${Object.keys(FIRST_ROW_SELECTOR).join(', ')}`);
if (!(args.network in NETWORK_PROFILES)) throw new Error(`--network: one of ${Object.keys(NETWORK_PROFILES).join(', ')}`);
const network = NETWORK_PROFILES[args.network] ?? null;
const sides = [
  { name: 'old', dir: path.resolve(args.old), port: 3301 },
  { name: 'new', dir: path.resolve(args.new), port: 3302 },
];
for (const s of sides) if (!fs.existsSync(path.join(s.dir, '.next/BUILD_ID'))) throw new Error(`${s.dir}: no next build (run \`npx next build\` there)`);

async function main() {
  const db = await createScratchPostgres('vzfleet_bench_ab');
  // Both servers seal with the same key file, so either can read what the other wrote.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-bench-ab-'));
  const servers: ChildProcess[] = [];
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    console.log(`Seeding ${args.nodes} nodes × ${args.cts} CTs …`);
    await seedFleet(db.db, Number(args.nodes), Number(args.cts), Date.now(), (s) => console.log(s));
    await db.db.execute('analyze');
    for (const s of sides) {
      servers.push(startServer(db.url, s.port, { dir: s.dir, dataDir }));
      await waitForDashboard(`http://127.0.0.1:${s.port}`);
    }
    // Cookies are per host, not per port: one session serves both.
    const cookies = (await signInAdmin(`http://127.0.0.1:${sides[0]!.port}`)).map((c) => ({ ...c, domain: '127.0.0.1', path: '/' }));
    const runs = Number(args.runs);
    const urls = Object.fromEntries(sides.map((s) => [s.name, `http://127.0.0.1:${s.port}${args.path}`]));
    const figures = await alternateColdLoads(browser, cookies, urls, selector!, { runs, warmRounds: 2, gapMs: Number(args['gap-ms']), network });
    console.log(`\n${args.path}, ${runs} cold loads per build, alternating${network ? `, over ${network.name}` : ''} (ms from navigation start):`);
    for (const s of sides) {
      const f = figures.get(s.name)!;
      console.log(`  ${s.name} (${s.dir}): first byte p50 ${p50(f.firstByte).toFixed(0)}, rows frame p50 ${p50(f.frame).toFixed(0)}, presented p50 ${p50(f.shown).toFixed(0)}`);
      console.log(`      presented: ${f.shown.map((x) => x.toFixed(0)).join(' ')}`);
    }
  } finally {
    await browser.close();
    for (const p of servers) p.kill('SIGTERM');
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
