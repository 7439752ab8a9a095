import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Viewer } from '../auth/roles';
import type { ContentCoding } from '../http/accept-encoding';
import { PRE_ENCODED_HEADER } from '../http/pre-encoded-pass';
import { SHARED_QUERY_PATHS } from '../../vocabulary/shared-read';
import { refuseByMeta, type ProcedureMeta } from './init';

/**
 * Queries that take no input and whose answer is the same for every viewer allowed to ask
 * (SHARED_QUERY_PATHS): nothing in it depends on who asks. Sharing their read (server/read-models/shared-reads.ts) was not
 * enough at 1000 nodes: serialising the overview's ~570 kB of JSON (and checking that it is plain
 * JSON) still cost ~20 ms of CPU per request. For these queries the serialised HTTP answer is
 * handed to every allowed viewer in the window; each request is still authorised on its own, by
 * the procedure's own roles. The answer is compressed once per window too, in the coding each
 * viewer takes, where the server can send bytes compressed by us (server/http/pre-encoded-pass.ts):
 * Next's gzip of each answer on its way out had cost ~7 ms of CPU per request.
 */
const SHARED_QUERIES: ReadonlySet<string> = new Set(SHARED_QUERY_PATHS);

export interface SharedQuery {
  path: string;
  /** Asked through the batch link (?batch=1): the answer is an array of one. */
  batch: boolean;
}

/**
 * What a query's input looks like when there is none, as tRPC clients send it: absent, `{}`, or
 * the transformer's form of undefined (`{"json":null,"meta":{"values":["undefined"],"v":1}}`).
 */
function isNoInput(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== 'object' || Array.isArray(value)) return false;
  const o = value as Record<string, unknown>;
  return Object.keys(o).every((k) => k === 'json' || k === 'meta') && (o.json === null || o.json === undefined);
}

/**
 * The shareable query a request asks for, or null: a plain GET of one such query (not a batch of
 * several, not the streaming link) with no input. The browser sends these alone (trpc/client.tsx). Anything else goes through tRPC unchanged, so
 * odd requests get tRPC's own answers and errors.
 */
export function sharedQueryOf(req: Request, endpoint: string): SharedQuery | null {
  if (req.method !== 'GET' || req.headers.has('trpc-accept')) return null;
  const url = new URL(req.url);
  if (!url.pathname.startsWith(`${endpoint}/`)) return null;
  const path = url.pathname.slice(endpoint.length + 1);
  if (!SHARED_QUERIES.has(path)) return null;
  if ([...url.searchParams.keys()].some((k) => k !== 'batch' && k !== 'input')) return null;
  const batchParam = url.searchParams.get('batch');
  if (batchParam !== null && batchParam !== '1') return null;
  const batch = batchParam === '1';
  const raw = url.searchParams.get('input');
  if (raw !== null) {
    let input: unknown;
    try {
      input = JSON.parse(raw);
    } catch {
      return null;
    }
    if (batch) {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return null;
      const entries = Object.entries(input);
      if (entries.some(([k, v]) => k !== '0' || !isNoInput(v))) return null;
    } else if (!isNoInput(input)) return null;
  }
  return { path, batch };
}

/** Whether this viewer may have the shared answer: the procedure's own role check, nothing less. */
export function mayShare(viewer: Viewer | null | undefined, meta: ProcedureMeta | undefined): boolean {
  return refuseByMeta(viewer, meta) === null;
}

/** One answer as tRPC gave it, kept for the window. */
export interface SharedAnswer {
  headers: [string, string][];
  body: Uint8Array<ArrayBuffer>;
  /** The body compressed, per coding, made by the first viewer who takes that coding. */
  encoded: Map<ContentCoding, Promise<Uint8Array<ArrayBuffer>>>;
}

/** Thrown for an answer that is not a success: it is not shared, and each caller asks tRPC itself. */
export class UnshareableAnswer extends Error {}

export async function keepAnswer(res: Response): Promise<SharedAnswer> {
  if (res.status !== 200) throw new UnshareableAnswer(`status ${res.status}`);
  return { headers: [...res.headers].filter(([name]) => name !== 'content-length'), body: new Uint8Array(await res.arrayBuffer()), encoded: new Map() };
}

/**
 * The kept answer for one more request. A Response copies the bytes it is given (Fetch's "extract
 * a body"), so the kept ones stay whole for the next viewer without a copy of our own.
 */
export function answerFrom(kept: SharedAnswer): Response {
  return new Response(kept.body, { status: 200, headers: kept.headers });
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Brotli at quality 5, not its default 11. For the overview of 1000 nodes, quality 5 sends 33.7
 * KiB where Next's gzip sent 38.8 KiB. On a 420 kB JSON like it, quality 5 took ~3 ms and
 * quality 11 took ~700 ms.
 */
async function compress(body: Uint8Array, coding: ContentCoding): Promise<Uint8Array<ArrayBuffer>> {
  const out =
    coding === 'br'
      ? await brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
      : await gzip(body);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength) as Uint8Array<ArrayBuffer>;
}

/**
 * The kept answer for one more request, in `coding`, marked for the pre-encoded pass. Should the
 * compression fail, this viewer gets the plain answer and the next one tries again.
 */
export async function encodedAnswerFrom(kept: SharedAnswer, coding: ContentCoding): Promise<Response> {
  let pending = kept.encoded.get(coding);
  if (!pending) {
    pending = compress(kept.body, coding);
    kept.encoded.set(coding, pending);
  }
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await pending;
  } catch {
    if (kept.encoded.get(coding) === pending) kept.encoded.delete(coding);
    return answerFrom(kept);
  }
  const headers = new Headers(kept.headers);
  headers.set(PRE_ENCODED_HEADER, coding);
  headers.append('vary', 'accept-encoding');
  return new Response(body, { status: 200, headers });
}
