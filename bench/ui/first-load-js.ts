/**
 * First-load JS per route from the `next build` output: the root main files plus every client
 * chunk the route's layouts and page list in their client-reference manifest, each gzipped (what
 * `next start` sends a browser without brotli) and in brotli (what vzfleet sends once it has
 * compressed them, server/http/static-brotli.ts). Next 16 no longer prints this table itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface RouteJs {
  route: string;
  files: number;
  rawKb: number;
  gzipKb: number;
  brotliKb: number;
}

const ROUTES: Record<string, string> = {
  '/': '(staff)/page',
  '/nodes': '(staff)/(data)/nodes/page',
  '/nodes/[id]': '(staff)/(data)/nodes/[id]/page',
  '/nodes/[id]/ct/[ctId]': '(staff)/(data)/nodes/[id]/ct/[ctId]/page',
  '/lookup': '(support)/lookup/page',
  '/wall': '(wall)/wall/page',
};

function manifestOf(dir: string, page: string): { entryJSFiles?: Record<string, string[]> } {
  const file = path.join(dir, 'server/app', `${page}_client-reference-manifest.js`);
  const text = fs.readFileSync(file, 'utf8');
  // `…["/page"] = {…}` (Turbopack) or `…["/page"]={…};` (webpack)
  const json = text.slice(text.search(/\]\s*=\s*\{/)).replace(/^\]\s*=\s*/, '').replace(/;\s*$/, '');
  return JSON.parse(json) as { entryJSFiles?: Record<string, string[]> };
}

export function measureFirstLoadJs(nextDir: string): RouteJs[] {
  const out: RouteJs[] = [];
  for (const [route, page] of Object.entries(ROUTES)) {
    // Turbopack writes a build manifest per page; webpack (`next build --webpack`) one for the app.
    const perPage = path.join(nextDir, 'server/app', page, 'build-manifest.json');
    const build = JSON.parse(fs.readFileSync(fs.existsSync(perPage) ? perPage : path.join(nextDir, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] };
    const manifest = manifestOf(nextDir, page);
    // A webpack build lists no JS per entry here: the browser figures (--browser) still measure it.
    if (!manifest.entryJSFiles) throw new Error('first-load JS per route is read from a Turbopack build only');
    const segments = Object.entries(manifest.entryJSFiles).filter(([k]) => !k.endsWith('/global-error'));
    const files = new Set([...build.rootMainFiles, ...segments.flatMap(([, v]) => v)]);
    let raw = 0;
    let gz = 0;
    let br = 0;
    for (const f of files) {
      const buf = fs.readFileSync(path.join(nextDir, f));
      raw += buf.length;
      gz += zlib.gzipSync(buf, { level: 9 }).length;
      br += zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    }
    out.push({ route, files: files.size, rawKb: raw / 1024, gzipKb: gz / 1024, brotliKb: br / 1024 });
  }
  return out;
}
