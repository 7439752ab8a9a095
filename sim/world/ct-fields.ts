/**
 * What a CT's owner (or their panel) can set as its hostname, name and description, as the
 * control endpoint accepts it: `vzctl set --hostname/--name/--description` store any bytes in the
 * CT config except NUL and newline (the config is line-based), so the simulator does too.
 *   {"hostname": "<img src=x> и пробелы"}          text, stored as UTF-8
 *   {"description": {"base64": "88XS18XS"}}          raw bytes (here KOI8-R), printed as they are
 *   {"name": null}                                    unset (name and description only)
 * Raw bytes may hold a newline, which vzctl would not store: it is how tests reach a vzlist line
 * the collector cannot read (the "fields unreadable" path).
 */
import type { SimContainer } from './model';
import { rawBytesToSimText } from '../render/raw-bytes';

export const CT_TEXT_FIELDS = ['hostname', 'name', 'description'] as const;
type CtTextField = (typeof CT_TEXT_FIELDS)[number];

/** vzctl's config lines are bounded well below this; the simulator only guards its memory. */
const MAX_BYTES = 4096;

export class CtFieldError extends Error {}

function valueOf(field: CtTextField, v: unknown): string | null {
  if (v === null && field !== 'hostname') return null;
  let bytes: Buffer;
  let raw = false;
  if (typeof v === 'string') bytes = Buffer.from(v, 'utf8');
  else if (v !== null && typeof v === 'object' && typeof (v as { base64?: unknown }).base64 === 'string' && Object.keys(v).length === 1) {
    bytes = Buffer.from((v as { base64: string }).base64, 'base64');
    raw = true;
  } else throw new CtFieldError(`${field} must be a string, {"base64": "…"}${field === 'hostname' ? '' : ' or null'}`);
  if (bytes.length > MAX_BYTES) throw new CtFieldError(`${field} must be at most ${MAX_BYTES} bytes`);
  if (bytes.includes(0)) throw new CtFieldError(`${field} must not contain NUL (vzctl keeps C strings)`);
  if (!raw && bytes.includes(0x0a)) throw new CtFieldError(`${field} must not contain a newline (the CT config is line-based; raw bytes may, for tests)`);
  return rawBytesToSimText(bytes);
}

/** Validates every field first, then sets them all: a bad body changes nothing. */
export function applyCtFields(ct: SimContainer, body: Record<string, unknown>): void {
  for (const key of Object.keys(body)) {
    if (!(CT_TEXT_FIELDS as readonly string[]).includes(key)) throw new CtFieldError(`unknown field ${JSON.stringify(key)}`);
  }
  const values = CT_TEXT_FIELDS.filter((f) => f in body).map((f) => [f, valueOf(f, body[f])] as const);
  for (const [field, value] of values) {
    if (field === 'hostname') ct.hostname = value!;
    else if (field === 'name') ct.name = value;
    else ct.description = value;
  }
}
