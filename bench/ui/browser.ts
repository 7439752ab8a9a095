/**
 * The browser's view: `next start` on the benchmark database (collector and demo off), then
 * Chromium loads each page and reports the compressed JS it fetched and, for the fleet overview,
 * how long until every node's row is on screen.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';

export interface BrowserFigures {
  overviewRenderMs: number[];
  jsKb: { path: string; kb: number }[];
}

async function waitForHttp(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

function startServer(databaseUrl: string, port: number): ChildProcess {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-bench-ui-'));
  return spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, VZFLEET_DATA_DIR: dataDir, VZFLEET_COLLECTOR: 'off', VZFLEET_DEMO: 'off', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
}

export async function measureInBrowser(databaseUrl: string, paths: string[], runs: number, nodeCount: number): Promise<BrowserFigures> {
  const port = 3300;
  const server = startServer(databaseUrl, port);
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    await waitForHttp(`${base}/lookup`, 60_000);
    const jsKb: BrowserFigures['jsKb'] = [];
    for (const p of paths) {
      const ctx = await browser.newContext();
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
    const overviewRenderMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      const t0 = Date.now();
      await page.goto(`${base}/`);
      await page.getByRole('table', { name: 'Nodes of the fleet' }).locator('tbody tr').nth(Math.min(nodeCount, 200) - 1).waitFor({ timeout: 60_000 });
      overviewRenderMs.push(Date.now() - t0);
      await ctx.close();
    }
    return { overviewRenderMs, jsKb };
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
}
