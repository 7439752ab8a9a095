/** The largest request body vzfleet reads (tRPC, sign-in, setup): far above any form, far below harm. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

/**
 * Reads a request's body as text, refusing (BodyTooLargeError) past `limit` bytes: by Content-Length
 * before reading, and by counting while streaming (a chunked body has no length).
 */
export async function readBoundedBody(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The clear answer to an oversized body. */
export function tooLargeResponse(limit = MAX_BODY_BYTES): Response {
  return Response.json({ error: `request body too large (limit ${limit} bytes)` }, { status: 413 });
}

/**
 * The same request with its body read within the limit (so later readers see a buffered copy), or a
 * 413 response. GET and HEAD pass unchanged.
 */
export async function boundRequestBody(req: Request, limit = MAX_BODY_BYTES): Promise<Request | Response> {
  if (req.method === 'GET' || req.method === 'HEAD') return req;
  try {
    const body = await readBoundedBody(req, limit);
    return new Request(req.url, { method: req.method, headers: req.headers, body, signal: req.signal });
  } catch (err) {
    if (err instanceof BodyTooLargeError) return tooLargeResponse(limit);
    throw err;
  }
}
