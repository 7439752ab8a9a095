/**
 * The browser's view: `next start` on the benchmark database (collector and demo off), an admin
 * made through the one-time setup and signed in, then Chromium loads each page and reports the JS
 * it fetched; for the fleet overview and the wall, every byte transferred until the first rows
 * (tiles) are on screen — document, scripts, styles and data, compressed as sent — and how long
 * that took from navigation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { pct } from '../percentile';

export interface FirstView {
  path: string;
  /** Navigation → first rows (tiles) visible, per run, as Playwright's wait sees it (it polls 0, 20, 50, 100, 100 ms apart, then every 500 ms). */
  firstRowsMs: number[];
  /**
   * Navigation start → the first animation frame in which the first row is visible, timed inside
   * the page (a frame is painted right after its callbacks): the same moment without the poll's
   * granularity, which puts anything later than ~270 ms on a 500 ms step.
   */
  paintedMs: number[];
  /**
   * Navigation start → the moment that frame was presented, i.e. really on screen (Element Timing's
   * renderTime for the first row's text). Later than paintedMs by the frame's raster and the
   * compositor's draw: ~150–300 ms with this bench's software raster on 2 cores, while the page's
   * scripts compete for them.
   */
  shownMs: number[];
  /** Bytes on the wire until Playwright saw the rows, + 200 ms (the last run: caches are per context, so every run is a cold load). */
  bytes: Bytes;
  /** Bytes on the wire whose response had finished by the frame with the first rows (the last run). */
  bytesAtPaint: Bytes;
  /** Where the time to the first rows went, per run: navigation timing and paint entries, ms from navigation start. */
  timeline: Timeline[];
}

export interface Timeline {
  /** First byte of the document (the server's render time is most of it). */
  responseStart: number;
  /** Last byte of the document. */
  responseEnd: number;
  /** The parser reached the end of the document (after any scripts it had to wait for). */
  domInteractive: number;
  firstContentfulPaint: number | null;
}

/**
 * A network between browser and dashboard, emulated by Chromium (CDP Network.emulateNetworkConditions).
 * On loopback every response lands within a millisecond or two of the document, so which scripts
 * had arrived by the first painted rows was a race (26–171 kB between runs); on a link with a
 * real round trip and bandwidth the order is the browser's, and the figure repeats.
 */
export interface NetworkProfile {
  name: string;
  /** Round trip added to every request, ms. */
  latencyMs: number;
  /** Bits per second each way. */
  downBps: number;
  upBps: number;
}

export const NETWORK_PROFILES: Record<string, NetworkProfile | null> = {
  loopback: null,
  /** The NOC's dashboard over a site-to-site VPN: 20 Mbit/s down, 5 up, 30 ms. */
  office: { name: 'office VPN (20 Mbit/s down, 5 up, 30 ms RTT)', latencyMs: 30, downBps: 20e6, upBps: 5e6 },
  /** On call from a phone: 4 Mbit/s down, 1 up, 80 ms. */
  mobile: { name: 'mobile (4 Mbit/s down, 1 up, 80 ms RTT)', latencyMs: 80, downBps: 4e6, upBps: 1e6 },
};

/** The first row (tile) of each measured view, as a CSS selector. */
export const FIRST_ROW_SELECTOR: Record<string, string> = { '/': 'table[aria-label="Nodes of the fleet"] tbody tr[data-level]', '/wall': 'li.wall-tile' };

export interface BrowserFigures {
  views: FirstView[];
  jsKb: { path: string; kb: number }[];
}

async function waitForHttp(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url, { redirect: 'manual' });
      if (r.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

/**
 * The dashboard is up, and has its build's scripts in brotli (compressed in the seconds after its
 * start, server/http/static-brotli.ts), as a server that has run for a while has: without waiting,
 * the first loads would measure gzip. A build from before brotli (ab.ts --old) is waited for ~10 s.
 */
export async function waitForDashboard(base: string): Promise<void> {
  await waitForHttp(`${base}/login`, 60_000);
  const html = await (await fetch(`${base}/login`)).text();
  const scripts = [...new Set([...html.matchAll(/src="(\/_next\/static\/[^"]+\.js)"/g)].map((m) => m[1]!))];
  const end = Date.now() + 10_000;
  for (const src of scripts) {
    while (Date.now() < end) {
      const r = await fetch(base + src, { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
      if (r.headers.get('content-encoding') === 'br') break;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * `next start` of the build in `dir` (default: this checkout) on the given database, collector and
 * demo off. `dataDir` holds the key the server seals with: two servers on one database share it.
 * `nodeArgs` go to node before next's script (`--cpu-prof`, say).
 */
export function startServer(databaseUrl: string, port: number, opts: { dir?: string; dataDir?: string; nodeArgs?: string[] } = {}): ChildProcess {
  const dir = opts.dir ?? process.cwd();
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-bench-ui-'));
  return spawn(process.execPath, [...(opts.nodeArgs ?? []), path.join(dir, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: databaseUrl, VZFLEET_DATA_DIR: dataDir, VZFLEET_COLLECTOR: 'off', VZFLEET_DEMO: 'off', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
}

const EMAIL = 'bench@bench.test';
const PASSWORD = 'bench password long enough';

/** The first account through the one-time setup, then its session cookies. */
export async function signInAdmin(base: string): Promise<{ name: string; value: string }[]> {
  const setup = await fetch(`${base}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ email: EMAIL, name: 'Bench', password: PASSWORD }) });
  if (setup.status !== 201 && setup.status !== 409) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
  const res = await fetch(`${base}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => {
    const [pair] = c.split(';');
    const eq = pair!.indexOf('=');
    return { name: pair!.slice(0, eq), value: pair!.slice(eq + 1) };
  });
}

export interface Bytes {
  total: number;
  byType: Record<string, number>;
  /** The fleet data call (tRPC fleet.overview) on its own. */
  overview: number;
}

/** Chromium's own throttling of the page's requests to the link's round trip and bandwidth (the session's Network domain on). */
async function emulateLink(cdp: CDPSession, network: NetworkProfile): Promise<void> {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: network.latencyMs, downloadThroughput: network.downBps / 8, uploadThroughput: network.upBps / 8 });
}

/**
 * Counts the encoded (wire) bytes of every response the page receives, by resource type: all of
 * them so far, or those finished within `ms` of the document's request (the navigation's start,
 * on the same clock as the page's performance.now()).
 */
function countBytes(page: Page, network: NetworkProfile | null): { ready: Promise<void>; sofar: () => Bytes; within: (ms: number) => Bytes } {
  const done: { type: string; url: string; bytes: number; at: number }[] = [];
  let start: number | null = null;
  const ready = page.context().newCDPSession(page).then(async (cdp) => {
    if (network) await emulateLink(cdp, network);
    else await cdp.send('Network.enable');
    const types = new Map<string, { type: string; url: string }>();
    cdp.on('Network.requestWillBeSent', (e) => {
      if (start === null && e.type === 'Document') start = e.timestamp;
    });
    cdp.on('Network.responseReceived', (e) => types.set(e.requestId, { type: e.type, url: e.response.url }));
    cdp.on('Network.loadingFinished', (e) => {
      const t = types.get(e.requestId);
      done.push({ type: t?.type ?? 'Other', url: t?.url ?? '', bytes: e.encodedDataLength, at: e.timestamp });
    });
  });
  const sum = (rows: typeof done): Bytes => {
    const byType: Record<string, number> = {};
    let overview = 0;
    for (const r of rows) {
      byType[r.type] = (byType[r.type] ?? 0) + r.bytes;
      if (r.url.includes('fleet.overview')) overview += r.bytes;
    }
    return { total: Object.values(byType).reduce((a, b) => a + b, 0), byType, overview };
  };
  return { ready, sofar: () => sum(done), within: (ms) => sum(done.filter((r) => start !== null && (r.at - start) * 1000 <= ms)) };
}

/**
 * In the page, from its very start: the first frame in which the selector is visible
 * (performance.now(), from navigation start). A string, not a function: tsx would wrap a
 * function's inner helpers in its own `__name`, which the page does not have.
 */
export const markFirstPaint = (selector: string): string => `(() => {
  const check = () => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (el && el.checkVisibility()) window.__firstRowsMs = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
  // Element Timing reports when an element's text was first presented; the attribute goes on the
  // first row's elements as the parser inserts them (a mutation observer runs before any frame).
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const t = e.renderTime || e.loadTime;
      if (e.identifier === 'vzfleet-first-row' && !(window.__firstRowsShownMs <= t)) window.__firstRowsShownMs = t;
    }
  }).observe({ type: 'element', buffered: true });
  const tag = () => {
    const row = document.querySelector(${JSON.stringify(selector)});
    if (!row) return;
    for (const el of [row, ...row.querySelectorAll('*')]) if (!el.hasAttribute('elementtiming')) el.setAttribute('elementtiming', 'vzfleet-first-row');
  };
  new MutationObserver(tag).observe(document, { childList: true, subtree: true });
})();`;

/** What markFirstPaint recorded, once it has: the frame with the first rows, and when it was presented (ms from navigation start). */
export async function readFirstPaint(page: Page): Promise<{ frame: number; shown: number }> {
  const read = (name: string) => page.waitForFunction((n) => (window as unknown as Record<string, number | undefined>)[n], name, { timeout: 60_000 }).then((h) => h.jsonValue() as Promise<number>);
  return { frame: await read('__firstRowsMs'), shown: await read('__firstRowsShownMs') };
}

/** The median, as the benches report it (the upper one of an even count). */
export const p50 = (xs: number[]) => pct(xs, 50);

export interface LoadFigures {
  /** Document's first byte, the frame with the first rows, that frame presented: ms from navigation start, one per counted load. */
  firstByte: number[];
  frame: number[];
  shown: number[];
}

/**
 * Cold loads of every URL in turn, each in a fresh context (signed in with `cookies`), the order
 * reversed every other round so that each sees the same drift of this machine's noise, with `gapMs`
 * of quiet after each. The first `warmRounds` rounds warm the servers and are not counted.
 */
export async function alternateColdLoads(
  browser: Browser,
  cookies: { name: string; value: string; domain: string; path: string }[],
  urls: Record<string, string>,
  selector: string,
  opts: { runs: number; warmRounds: number; gapMs: number; network?: NetworkProfile | null },
): Promise<Map<string, LoadFigures>> {
  const names = Object.keys(urls);
  const figures = new Map(names.map((name) => [name, { firstByte: [], frame: [], shown: [] } as LoadFigures]));
  for (let round = 0; round < opts.runs + opts.warmRounds; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await ctx.addCookies(cookies);
      const page = await ctx.newPage();
      if (opts.network) await emulateLink(await ctx.newCDPSession(page), opts.network);
      await page.addInitScript(markFirstPaint(selector));
      await page.goto(urls[name]!, { waitUntil: 'commit' });
      const { frame, shown } = await readFirstPaint(page);
      const firstByte = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseStart);
      await page.waitForTimeout(opts.gapMs);
      await ctx.close();
      if (round < opts.warmRounds) continue;
      const f = figures.get(name)!;
      f.firstByte.push(firstByte);
      f.frame.push(frame);
      f.shown.push(shown);
    }
  }
  return figures;
}

export async function measureInBrowser(databaseUrl: string, paths: string[], runs: number, network: NetworkProfile | null = null): Promise<BrowserFigures> {
  const port = 3300;
  const server = startServer(databaseUrl, port);
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    await waitForDashboard(base);
    const cookies = (await signInAdmin(base)).map((c) => ({ ...c, domain: '127.0.0.1', path: '/' }));
    const context = async (viewport = { width: 1280, height: 900 }) => {
      const ctx = await browser.newContext({ viewport });
      await ctx.addCookies(cookies);
      return ctx;
    };
    const jsKb: BrowserFigures['jsKb'] = [];
    for (const p of paths) {
      const ctx = await context();
      const page = await ctx.newPage();
      let bytes = 0;
      page.on('requestfinished', (req) => {
        if (req.resourceType() !== 'script') return;
        void req.sizes().then((s) => (bytes += s.responseBodySize));
      });
      await page.goto(base + p, { waitUntil: 'networkidle' });
      await page.waitForTimeout(500);
      jsKb.push({ path: p, kb: bytes / 1024 });
      await ctx.close();
    }
    const views: FirstView[] = [];
    const firstRows = { '/': (page: Page) => page.getByRole('table', { name: 'Nodes of the fleet' }).locator('tbody tr[data-level]').first(), '/wall': (page: Page) => page.locator('li.wall-tile').first() };
    const rowSelector = FIRST_ROW_SELECTOR;
    for (const [p, locate] of Object.entries(firstRows)) {
      const none: Bytes = { total: 0, byType: {}, overview: 0 };
      const view: FirstView = { path: p, firstRowsMs: [], paintedMs: [], shownMs: [], bytes: none, bytesAtPaint: none, timeline: [] };
      for (let i = 0; i < runs; i++) {
        const ctx = await context();
        const page = await ctx.newPage();
        const counter = countBytes(page, network);
        await page.addInitScript(markFirstPaint(rowSelector[p]!));
        await counter.ready; // listening, and the link emulated, before the navigation starts
        const t0 = Date.now();
        await page.goto(`${base}${p}`, { waitUntil: 'commit' });
        await locate(page).waitFor({ state: 'visible', timeout: 60_000 });
        view.firstRowsMs.push(Date.now() - t0);
        const marks = await readFirstPaint(page);
        const painted = Math.round(marks.frame);
        view.paintedMs.push(painted);
        view.shownMs.push(Math.round(marks.shown));
        view.timeline.push(
          await page.evaluate(() => {
            const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            return { responseStart: nav.responseStart, responseEnd: nav.responseEnd, domInteractive: nav.domInteractive, firstContentfulPaint: fcp ? fcp.startTime : null };
          }),
        );
        await page.waitForTimeout(200); // responses still finishing that the first rows needed
        view.bytes = counter.sofar();
        view.bytesAtPaint = counter.within(painted);
        await ctx.close();
      }
      views.push(view);
    }
    return { views, jsKb };
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}
