import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPreEncodedPass, PRE_ENCODED_HEADER, preEncodedPassInstalled } from './pre-encoded-pass';
import { rawRequest } from './test-raw-request';

// Next's own compression middleware, as `next start` runs it in front of every route.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const compression = require('next/dist/compiled/compression') as () => (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

describe('bodies our routes compressed themselves, through Next’s compression', () => {
  const json = JSON.stringify({ nodes: Array.from({ length: 300 }, (_, i) => ({ name: `hn-${i}` })) });
  const br = zlib.brotliCompressSync(json);
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    installPreEncodedPass();
    const compress = compression();
    server = http.createServer((req, res) =>
      compress(req, res, () => {
        res.setHeader('content-type', 'application/json');
        // As Next's sendResponse copies a route's headers: through appendHeader or setHeader.
        if (req.url!.endsWith('/append')) res.appendHeader(PRE_ENCODED_HEADER, 'br');
        else if (req.url!.endsWith('/odd')) res.setHeader(PRE_ENCODED_HEADER, 'zstd');
        else if (!req.url!.endsWith('/plain')) res.setHeader(PRE_ENCODED_HEADER, 'br');
        res.end(req.url!.endsWith('/plain') || req.url!.endsWith('/odd') ? json : br);
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('go out as they are, with their Content-Encoding, and the marker never leaves', async () => {
    expect(preEncodedPassInstalled()).toBe(true);
    for (const path of ['/api/trpc/fleet.overview', '/api/trpc/fleet.overview/append']) {
      const res = await rawRequest(base, path, { 'accept-encoding': 'gzip, br' });
      expect(res.headers['content-encoding'], path).toBe('br');
      expect(res.headers[PRE_ENCODED_HEADER], path).toBeUndefined();
      expect(res.body.equals(br), path).toBe(true);
    }
  });

  it('other bodies are compressed by Next as before, and a coding we do not send is not passed on', async () => {
    const plain = await rawRequest(base, '/api/trpc/fleet.overview/plain', { 'accept-encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(plain.body).toString('utf8')).toBe(json);
    const odd = await rawRequest(base, '/api/trpc/fleet.overview/odd', { 'accept-encoding': 'gzip' });
    expect(odd.headers['content-encoding']).toBe('gzip');
    expect(odd.headers[PRE_ENCODED_HEADER]).toBeUndefined();
    expect(zlib.gunzipSync(odd.body).toString('utf8')).toBe(json);
  });

  it('only under /api/trpc/: elsewhere the header means nothing and Content-Encoding is not set from it', async () => {
    const res = await rawRequest(base, '/elsewhere', { 'accept-encoding': 'identity' });
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});
