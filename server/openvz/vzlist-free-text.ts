import { detachedString } from './byte-text';

/**
 * Free text a container owner controls (hostname, name, description): bytes as the node printed
 * them. vzlist prints these bytes as they are stored in the CT config, without escaping or
 * re-encoding (vzctl src/vzlist.c, print_json_str and PRINT_STR_FIELD), so they may be any
 * encoding — UTF-8, KOI8-R, CP1251 — or no valid encoding at all.
 *
 * Readers work on a "byte string" (Buffer#toString('latin1'): one char per byte), so the ASCII
 * structure of the output can be matched with ordinary string code and no byte is lost before a
 * value is decoded here.
 */

/** Longest value kept, in bytes: vzctl's config lines are far shorter, so only garbage is cut. */
export const MAX_FREE_TEXT_BYTES = 4096;
/** Longest raw line kept for a CT whose fields cannot be read. */
export const MAX_RAW_LINE_BYTES = 512;

export interface FreeText {
  /** The value as UTF-8, invalid bytes as U+FFFD. */
  text: string;
  /** The bytes as printed, in hex, when decoding them was lossy (not valid UTF-8); else null. */
  rawHex: string | null;
  /** True when the value was longer than MAX_FREE_TEXT_BYTES and was cut. */
  truncated: boolean;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8', { fatal: false });

export function bytesOf(byteString: string): Uint8Array {
  // latin1 keeps each char's low byte: the byte string's own bytes.
  return Buffer.from(byteString, 'latin1');
}

/** Text that is printable ASCII reads as itself in UTF-8: most hostnames, kept as they are (copied once). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Decodes one value's bytes (a byte string) into shown text, keeping the raw bytes when lossy. */
export function decodeFreeText(byteString: string): FreeText {
  const truncated = byteString.length > MAX_FREE_TEXT_BYTES;
  if (!truncated && PRINTABLE_ASCII.test(byteString)) return { text: detachedString(byteString), rawHex: null, truncated };
  const bytes = bytesOf(truncated ? byteString.slice(0, MAX_FREE_TEXT_BYTES) : byteString);
  try {
    return { text: strict.decode(bytes), rawHex: null, truncated };
  } catch {
    return { text: lenient.decode(bytes), rawHex: hexOf(bytes), truncated };
  }
}

/**
 * A free-text field's value as vzlist -j prints it (unescaped): `null`, or the bytes between the
 * first and the last `"` decoded; undefined when it is neither.
 */
export function readFreeTextValue(body: string): FreeText | null | undefined {
  if (body === 'null') return null;
  if (body.length >= 2 && body.startsWith('"') && body.endsWith('"')) return decodeFreeText(body.slice(1, -1));
  return undefined;
}

/** A raw line for a "fields unreadable" note: bounded, decoded leniently, never markup-interpreted. */
export function boundedRawLine(byteString: string): string {
  const cut = byteString.length > MAX_RAW_LINE_BYTES;
  const text = lenient.decode(bytesOf(cut ? byteString.slice(0, MAX_RAW_LINE_BYTES) : byteString));
  return cut ? `${text}… (${byteString.length} bytes)` : text;
}
