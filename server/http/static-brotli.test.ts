import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticBrotli, STATIC_URL_PREFIX, type StaticBrotli } from './static-brotli';
import { rawRequest } from './test-raw-request';

describe('the build’s scripts and stylesheets in brotli', () => {
  let dir: string;
  let outside: string;
  let staticBrotli: StaticBrotli;
  let server: http.Server;
  let port: number;
  const passedOn: string[] = [];
  // Compressible, and big enough to be worth it.
  const script = Buffer.from(Array.from({ length: 400 }, (_, i) => `function f${i}(a){return a+${i}}`).join(';'));
  const sheet = Buffer.from(Array.from({ length: 200 }, (_, i) => `.c${i}{color:#${(i * 4099).toString(16).padStart(6, '0').slice(0, 6)}}`).join('\n'));

  beforeAll(async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-static-'));
    dir = path.join(root, 'static');
    fs.mkdirSync(path.join(dir, 'chunks'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'build-1'));
    fs.writeFileSync(path.join(dir, 'chunks', 'app.js'), script);
    fs.writeFileSync(path.join(dir, 'chunks', 'app.css'), sheet);
    fs.writeFileSync(path.join(dir, 'build-1', '_buildManifest.js'), script);
    fs.writeFileSync(path.join(dir, 'chunks', 'tiny.js'), 'x=1');
    fs.writeFileSync(path.join(dir, 'chunks', 'font.woff2'), script);
    outside = path.join(root, 'secret.js');
    fs.writeFileSync(outside, script);
    staticBrotli = createStaticBrotli(dir, [{ key: 'X-Content-Type-Options', value: 'nosniff' }]);
    server = http.createServer((req, res) => {
      if (staticBrotli.answer(req, res)) return;
      passedOn.push(req.url ?? '');
      res.end('next');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.close();
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string>, method?: string) => rawRequest(`http://127.0.0.1:${port}`, url, headers, method);
  const br = { 'accept-encoding': 'gzip, deflate, br' };

  it('leaves every request to Next until the files are compressed', async () => {
    const res = await get(`${STATIC_URL_PREFIX}chunks/app.js`, br);
    expect(res.body.toString()).toBe('next');
  });

  it('compresses the scripts and stylesheets, not other kinds, nor a file brotli would make bigger', async () => {
    const done = await staticBrotli.warm();
    expect(done.files).toBe(3);
    expect(done.rawBytes).toBe(2 * script.length + sheet.length);
    expect(done.brotliBytes).toBeLessThan(done.rawBytes / 4);
  });

  it('answers a browser that takes br with the same bytes, compressed, and Next’s cache headers', async () => {
    for (const [url, raw, type] of [
      ['chunks/app.js', script, 'application/javascript; charset=UTF-8'],
      ['chunks/app.css', sheet, 'text/css; charset=UTF-8'],
      ['build-1/_buildManifest.js', script, 'application/javascript; charset=UTF-8'],
    ] as const) {
      const res = await get(STATIC_URL_PREFIX + url, br);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers.vary).toBe('Accept-Encoding');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(res.body.length).toBeLessThan(raw.length / 4);
      expect(zlib.brotliDecompressSync(res.body).equals(raw)).toBe(true);
    }
    // Next's chunk URLs may carry a query; the file is the same.
    expect((await get(`${STATIC_URL_PREFIX}chunks/app.js?dpl=abc`, br)).headers['content-encoding']).toBe('br');
  });

  it('answers HEAD with the headers alone', async () => {
    const res = await get(`${STATIC_URL_PREFIX}chunks/app.js`, br, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.body.length).toBe(0);
  });

  it('leaves to Next what it has not compressed, clients without br, ranges, revalidations, other methods and paths outside the folder', async () => {
    passedOn.length = 0;
    const cases: [string, Record<string, string>, string?][] = [
      [`${STATIC_URL_PREFIX}chunks/app.js`, { 'accept-encoding': 'gzip, deflate' }],
      [`${STATIC_URL_PREFIX}chunks/app.js`, { 'accept-encoding': 'gzip, br;q=0' }],
      [`${STATIC_URL_PREFIX}chunks/app.js`, { ...br, range: 'bytes=0-99' }],
      [`${STATIC_URL_PREFIX}chunks/app.js`, { ...br, 'if-none-match': 'W/"1-2"' }],
      [`${STATIC_URL_PREFIX}chunks/app.js`, { ...br, 'if-modified-since': 'Sun, 06 Dec 2026 18:06:20 GMT' }],
      [`${STATIC_URL_PREFIX}chunks/app.js`, br, 'POST'],
      [`${STATIC_URL_PREFIX}chunks/tiny.js`, br],
      [`${STATIC_URL_PREFIX}chunks/font.woff2`, br],
      [`${STATIC_URL_PREFIX}chunks/missing.js`, br],
      [`${STATIC_URL_PREFIX}../secret.js`, br],
      [`${STATIC_URL_PREFIX}chunks/../../secret.js`, br],
      [`${STATIC_URL_PREFIX}chunks%2Fapp.js`, br],
      ['/chunks/app.js', br],
      ['/', br],
    ];
    for (const [url, headers, method] of cases) {
      const res = await get(url, headers, method);
      expect(res.headers['content-encoding'], url).toBeUndefined();
      expect(res.body.toString(), url).toBe('next');
    }
    expect(passedOn).toHaveLength(cases.length);
    expect(fs.existsSync(outside)).toBe(true);
  });
});
