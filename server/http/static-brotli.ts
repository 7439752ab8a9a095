import fs from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { acceptsEncoding } from './accept-encoding';
import { beforeEveryRequest } from './before-every-request';

/**
 * The build's scripts and stylesheets, sent brotli-compressed to browsers that take it.
 *
 * `next start` compresses with gzip only. React and Next are ~134 kB of the overview's ~150 kB of
 * first-load JavaScript in gzip; brotli at quality 11 makes the same files ~14 % smaller (the
 * overview's 150 → 129 kB), which is what the first view of a wall screen or of someone on a slow
 * link waits for. Quality 11 costs ~0.3 s of CPU for React alone, far too slow per request, so the
 * files are compressed once, after the server starts, one at a time on libuv's thread pool, and
 * kept in memory (~0.45 MiB for a build). Until a file is ready, and for anything not in the build's
 * static folder, the request goes on to Next as before.
 */

/** Where Next serves the build's static folder from. */
export const STATIC_URL_PREFIX = '/_next/static/';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=UTF-8',
  '.css': 'text/css; charset=UTF-8',
};
/** A build has ~50 such files, ~1.7 MiB; these bound the memory and start-up work of an odd one. */
const MAX_FILES = 2000;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
/** As Next sends its hashed static files: they never change under one name. */
const CACHE_CONTROL = 'public, max-age=31536000, immutable';

const brotli = promisify(zlib.brotliCompress);

interface Compressed {
  body: Buffer;
  type: string;
}

export interface StaticBrotli {
  /** Compresses every script and stylesheet of the folder, one after the other. Resolves when done. */
  warm(): Promise<{ files: number; rawBytes: number; brotliBytes: number }>;
  /** Answers the request if it is for a compressed file and the client takes br; false leaves it to Next. */
  answer(req: http.IncomingMessage, res: http.ServerResponse): boolean;
}

/** The files below `dir`, relative and with '/' separators. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/**
 * `staticDir` is the build's static folder (`.next/static`), served under STATIC_URL_PREFIX;
 * `headers` go on every answer besides the file's own (the security headers Next adds to all).
 */
export function createStaticBrotli(staticDir: string, headers: readonly { key: string; value: string }[] = []): StaticBrotli {
  // Keyed by the exact URL path: only files found in the folder are ever answered here.
  const ready = new Map<string, Compressed>();
  return {
    async warm() {
      let rawBytes = 0;
      let brotliBytes = 0;
      const files = (await listFiles(staticDir)).filter((f) => path.extname(f) in CONTENT_TYPES).slice(0, MAX_FILES);
      for (const file of files) {
        const raw = await fs.readFile(path.join(staticDir, file));
        if (rawBytes + raw.length > MAX_TOTAL_BYTES) break;
        const body = await brotli(raw, {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
        });
        // A tiny file can come out bigger.
        if (body.length >= raw.length) continue;
        rawBytes += raw.length;
        brotliBytes += body.length;
        ready.set(STATIC_URL_PREFIX + file, { body, type: CONTENT_TYPES[path.extname(file)]! });
      }
      return { files: ready.size, rawBytes, brotliBytes };
    },
    answer(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      // A range of the compressed body is not a range of the file, and a revalidation is answered
      // 304 from Next's ETag: Next answers both.
      const h = req.headers;
      if (h.range !== undefined || h['if-none-match'] !== undefined || h['if-modified-since'] !== undefined) return false;
      if (!acceptsEncoding(h['accept-encoding'], 'br')) return false;
      const url = req.url ?? '';
      const query = url.indexOf('?');
      const file = ready.get(query >= 0 ? url.slice(0, query) : url);
      if (!file) return false;
      for (const { key, value } of headers) res.setHeader(key, value);
      res.setHeader('Cache-Control', CACHE_CONTROL);
      res.setHeader('Content-Type', file.type);
      res.setHeader('Content-Encoding', 'br');
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader('Content-Length', file.body.length);
      res.writeHead(200);
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return true;
    },
  };
}

/**
 * Production start: from now on, each file of the build's static folder (`next start` runs in the
 * app's folder) is answered in brotli once it has been compressed. A failure (no folder, unreadable
 * file) leaves every file to Next's gzip, as before; it is reported, never fatal.
 */
export function serveStaticInBrotli(headers: readonly { key: string; value: string }[], report: (message: string) => void, staticDir = path.join(process.cwd(), '.next', 'static')): void {
  const staticBrotli = createStaticBrotli(staticDir, headers);
  // In front of Next, as peer-stamp.ts: a request answered here never reaches it. Once per process.
  if (!beforeEveryRequest('vzfleet.static-brotli', (req, res) => staticBrotli.answer(req, res))) return;
  staticBrotli.warm().catch((err: unknown) => report(`vzfleet: the build's scripts stay gzip-only (brotli: ${err instanceof Error ? err.message : String(err)})`));
}
