import type http from 'node:http';
import type { ContentCoding } from './accept-encoding';
import { beforeEveryRequest } from './before-every-request';

/**
 * How our own route handlers say "this body is already compressed, in this coding". Next drops a
 * route handler's Content-Encoding (it cannot tell our bytes from a body fetch has decoded) and
 * compresses the answer again, for every request; a body that many viewers share is cheaper to
 * compress once (server/api/shared-responses.ts). Only the value 'br' or 'gzip' is passed on.
 */
export const PRE_ENCODED_HEADER = 'x-vzfleet-pre-encoded';

const INSTALLED = Symbol.for('vzfleet.pre-encoded-pass.installed');
const CODINGS: ReadonlySet<string> = new Set<ContentCoding>(['br', 'gzip']);
/** The routes whose handlers may send pre-encoded bodies. */
const PATH_PREFIX = '/api/trpc/';

/**
 * Turns PRE_ENCODED_HEADER into Content-Encoding as the response's headers are set, before Next's
 * compression looks at them (it leaves a body alone that already has a Content-Encoding). Once
 * per process, from instrumentation.ts; route handlers ask `preEncodedPassInstalled()` first, so
 * where it is not installed they send plain bodies.
 */
export function installPreEncodedPass(): void {
  beforeEveryRequest('vzfleet.pre-encoded-pass', (req, res) => {
    if (req.url?.startsWith(PATH_PREFIX)) passPreEncoded(res);
    return false;
  });
  (globalThis as { [INSTALLED]?: true })[INSTALLED] = true;
}

export function preEncodedPassInstalled(): boolean {
  return (globalThis as { [INSTALLED]?: true })[INSTALLED] === true;
}

/** Patches one response: the marker becomes Content-Encoding, and never goes out itself. */
function passPreEncoded(res: http.ServerResponse): void {
  const setHeader = res.setHeader;
  res.setHeader = function (this: http.ServerResponse, name: string, value: number | string | readonly string[]) {
    if (name.toLowerCase() !== PRE_ENCODED_HEADER) return setHeader.call(this, name, value);
    const coding = String(value);
    return CODINGS.has(coding) ? setHeader.call(this, 'content-encoding', coding) : this;
  } as typeof res.setHeader;
  const appendHeader = res.appendHeader;
  res.appendHeader = function (this: http.ServerResponse, name: string, value: string | readonly string[]) {
    if (name.toLowerCase() === PRE_ENCODED_HEADER) return res.setHeader(name, Array.isArray(value) ? (value[0] ?? '') : (value as string));
    return appendHeader.call(this, name, value);
  } as typeof res.appendHeader;
}
