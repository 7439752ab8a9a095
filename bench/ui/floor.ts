/**
 * How much of the overview's time to its first rows is the browser's alone, on this machine: the
 * page the dashboard served (1000-node fleet, signed in) is saved, and a plain HTTP server hands
 * it to Chromium again with no dashboard behind it, in cut-down forms, alternating in fresh
 * contexts as bench/ui does:
 *
 *   served      the dashboard itself (`next start` on the same database)
 *   saved       the saved document with all its scripts, every file from the plain server
 *   no-scripts  the saved document and its stylesheet, every script left out (no hydration)
 *   no-css      the same without the stylesheet
 *   one-row     a document with one table row and nothing else
 *
 * The gap between `served` and `no-scripts` is what the server and the page's JavaScript add; what
 * `no-scripts` itself takes is the browser's floor for this page (a fresh renderer's style,
 * layout, paint, raster and draw on this machine's CPU). Run by hand after `next build`:
 *
 *   npx tsx bench/ui/floor.ts [--path /|/wall] [--runs 12] [--nodes 1000] [--cts 60]
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { createScratchPostgres } from '../../db/test-databases';
import { alternateColdLoads, FIRST_ROW_SELECTOR, p50, signInAdmin, startServer, waitForDashboard } from './browser';
import { seedFleet } from './seed-fleet';

const { values: args } = parseArgs({
  options: {
    path: { type: 'string', default: '/' },
    runs: { type: 'string', default: '12' },
    nodes: { type: 'string', default: '1000' },
    cts: { type: 'string', default: '60' },
  },
});
const chosen = FIRST_ROW_SELECTOR[args.path];
if (!chosen) throw new Error(`--path: one of ${Object.keys(FIRST_ROW_SELECTOR).join(', ')}`);
const selector: string = chosen;
if (!fs.existsSync('.next/BUILD_ID')) throw new Error('no next build here (run `npx next build`)');

/** The document's stylesheets, fetched once, so the plain server can hand them out. */
async function stylesheetsOf(html: string, base: string): Promise<Map<string, Buffer>> {
  const sheets = new Map<string, Buffer>();
  for (const [, href] of html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)) {
    const res = await fetch(base + href!);
    sheets.set(href!.replace(/&amp;/g, '&'), Buffer.from(await res.arrayBuffer()));
  }
  return sheets;
}

/** A document with only the first row (tile) the view's selector finds. */
const ONE_ROW: Record<string, string> = {
  '/': '<!doctype html><html><head><title>x</title></head><body><table aria-label="Nodes of the fleet"><tbody><tr data-level="ok"><td>node 1 ok</td></tr></tbody></table></body></html>',
  '/wall': '<!doctype html><html><head><title>x</title></head><body><ul><li class="wall-tile">node 1 ok</li></ul></body></html>',
};

/** The cut-down documents: scripts (inline and external) and script preloads removed, then the stylesheet too. */
function variants(html: string, oneRow: string): Record<string, string> {
  const noScripts = html.replace(/<script\b[\s\S]*?<\/script>/g, '').replace(/<link rel="preload" as="script"[^>]*>/g, '');
  const noCss = noScripts.replace(/<link rel="stylesheet"[^>]*>/g, '');
  return { saved: html, 'no-scripts': noScripts, 'no-css': noCss, 'one-row': oneRow };
}

/**
 * The cut-down documents, their stylesheets, and any other file of the build (scripts), fetched
 * from the dashboard on first use and then served from memory.
 */
function servePlain(pages: Record<string, string>, sheets: Map<string, Buffer>, dashboard: string): Promise<http.Server> {
  const files = new Map<string, Promise<{ type: string; body: Buffer }>>();
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const sheet = sheets.get(url);
    if (sheet) {
      res.writeHead(200, { 'content-type': 'text/css' });
      return res.end(sheet);
    }
    if (url.startsWith('/_next/static/')) {
      if (!files.has(url)) files.set(url, fetch(dashboard + url).then(async (r) => ({ type: r.headers.get('content-type') ?? 'application/octet-stream', body: Buffer.from(await r.arrayBuffer()) })));
      void files.get(url)!.then(({ type, body }) => {
        res.writeHead(200, { 'content-type': type });
        res.end(body);
      });
      return;
    }
    const page = pages[url.slice(1)];
    if (page === undefined) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const db = await createScratchPostgres('vzfleet_bench_floor');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-bench-floor-'));
  const port = 3305;
  const dashboard = `http://127.0.0.1:${port}`;
  let next: ReturnType<typeof startServer> | null = null;
  let plain: http.Server | null = null;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    console.log(`Seeding ${args.nodes} nodes × ${args.cts} CTs …`);
    await seedFleet(db.db, Number(args.nodes), Number(args.cts), Date.now(), () => {});
    await db.db.execute('analyze');
    next = startServer(db.url, port, { dataDir });
    await waitForDashboard(dashboard);
    const cookies = (await signInAdmin(dashboard)).map((c) => ({ ...c, domain: '127.0.0.1', path: '/' }));
    const page = await fetch(dashboard + args.path, { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
    const html = await page.text();
    if (page.status !== 200 || !html.includes('</html>')) throw new Error(`${args.path}: ${page.status}, not the page`);
    plain = await servePlain(variants(html, ONE_ROW[args.path]!), await stylesheetsOf(html, dashboard), dashboard);
    const plainBase = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`;
    const urls: Record<string, string> = { served: dashboard + args.path, saved: `${plainBase}saved`, 'no-scripts': `${plainBase}no-scripts`, 'no-css': `${plainBase}no-css`, 'one-row': `${plainBase}one-row` };

    const runs = Number(args.runs);
    const figures = await alternateColdLoads(browser, cookies, urls, selector, { runs, warmRounds: 1, gapMs: 1000 });
    console.log(`\n${args.path}: ${runs} cold loads of each, alternating (ms from navigation start, p50):`);
    for (const [name, f] of figures) {
      console.log(`  ${name.padEnd(11)} first byte ${p50(f.firstByte).toFixed(0).padStart(4)}, rows frame ${p50(f.frame).toFixed(0).padStart(4)}, presented ${p50(f.shown).toFixed(0).padStart(4)}   (presented: ${f.shown.map((x) => x.toFixed(0)).join(' ')})`);
    }
  } finally {
    await browser.close();
    next?.kill('SIGTERM');
    plain?.close();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
