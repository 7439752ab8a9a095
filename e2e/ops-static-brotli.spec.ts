import zlib from 'node:zlib';
import { expect, test } from '@playwright/test';
import { rawRequest } from '../server/http/test-raw-request';

/**
 * The built app (`next start`) sends its scripts and stylesheet in brotli once it has compressed
 * them after its start (server/http/static-brotli.ts): the same bytes as Next's own, smaller, with
 * Next's cache and security headers, and Chromium runs the page from them.
 */
const raw = (base: string, url: string, acceptEncoding: string) => rawRequest(base, url, { 'accept-encoding': acceptEncoding });

test('scripts and stylesheets go out in brotli, byte for byte the build’s files', async ({ page, baseURL }) => {
  const html = await (await fetch(`${baseURL}/login`)).text();
  const files = [...new Set([...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!))];
  expect(files.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(3);
  expect(files.some((f) => f.endsWith('.css'))).toBe(true);

  let brotliBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    // Compressed in the seconds after the server's start: by now, or shortly.
    await expect.poll(async () => (await raw(baseURL!, file, 'gzip, deflate, br')).headers['content-encoding'], { timeout: 30_000 }).toBe('br');
    const br = await raw(baseURL!, file, 'gzip, deflate, br');
    const gzip = await raw(baseURL!, file, 'gzip');
    const plain = await raw(baseURL!, file, 'identity');
    // Next leaves files under 1 KiB uncompressed.
    expect(gzip.headers['content-encoding']).toBe(plain.body.length >= 1024 ? 'gzip' : undefined);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body), file).toBe(true);
    for (const name of ['cache-control', 'content-type', 'x-content-type-options', 'x-frame-options']) expect(br.headers[name], name).toBe(plain.headers[name]);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    brotliBytes += br.body.length;
    gzipBytes += gzip.body.length;
  }
  expect(brotliBytes).toBeLessThan(gzipBytes * 0.95);

  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const encodings: (string | null)[] = [];
  page.on('response', async (res) => {
    if (res.url().includes('/_next/static/') && /\.(js|css)$/.test(new URL(res.url()).pathname)) encodings.push(await res.headerValue('content-encoding'));
  });
  await page.goto('/login');
  // React marks the elements it has hydrated (its fiber key on the node): the scripts ran.
  await page.waitForFunction(() => {
    const field = document.querySelector('#email');
    return field !== null && Object.keys(field).some((k) => k.startsWith('__reactFiber$'));
  });
  expect(encodings.length).toBeGreaterThan(3);
  expect(new Set(encodings)).toEqual(new Set(['br']));
  expect(errors).toEqual([]);
});
