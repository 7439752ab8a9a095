import type { BeancounterBlock, Beancounters } from './beancounters';
import { sameText } from './byte-text';

/**
 * /proc/user_beancounters read straight from the bytes the node sent, for the collector's poll:
 * the common layout is scanned in one pass with no per-line strings, and resource names are
 * shared with the previous block's when the bytes match (every block lists the same resources in
 * the same order), so a 60-CT poll allocates its ~1,400 rows and little else.
 *
 * Anything outside the common layout (a long or odd number, CRLF, a blank line, a character the
 * fast grammar does not take) gives null, and the caller has parseBeancounters read the text,
 * word its error and decide. So the result is parseBeancounters' result, always; the scan only
 * gets there sooner (beancounters-scan.test.ts checks both on every sample and on broken inputs).
 */
const NL = 10;
const SPACE = 32;
const TAB = 9;
const COLON = 58;
/** Byte classes for the row loop: a gap, a newline, or a word byte (anything else). */
const GAP = 0;
const NEWLINE = 1;
const WORD = 2;
const CLASS = new Uint8Array(256).fill(WORD);
CLASS[SPACE] = GAP;
CLASS[TAB] = GAP;
CLASS[NL] = NEWLINE;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isLower = (c: number) => c >= 97 && c <= 122;
/** FAST_CT_ID of beancounters.ts: digits, letters and dashes. */
const isIdByte = (c: number) => isDigit(c) || isLower(c) || (c >= 65 && c <= 90) || c === 45;

const LONG_MAX_TEXT = '9223372036854775807';
const INT_MAX_TEXT = '2147483647';
/** Preamble lines the scan reads as text: printable ASCII and tabs only, or the careful parser decides. */
const PRINTABLE = /^[\x20-\x7e\t]*$/;
const HEADER = 'uid resource held maxheld barrier limit failcnt';

function latin1(buf: Uint8Array, start: number, end: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');
}

export function scanBeancounters(bytes: Uint8Array, options: { ctId?: string } = {}): Beancounters | null {
  // A plain Uint8Array view: indexing a Buffer (a subclass) is slower in V8's optimised code.
  const buf = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const n = buf.length;
  let pos = 0;
  let version: string | null = null;

  // The preamble: an optional `Version:` line, then the column header (required after it).
  const lineAt = (p: number) => {
    const nl = buf.indexOf(NL, p);
    return nl === -1 ? n : nl;
  };
  let end = lineAt(pos);
  const first = latin1(buf, pos, end);
  if (!PRINTABLE.test(first)) return null;
  const m = /^Version:\s*(\S+)\s*$/.exec(first);
  if (m) {
    version = m[1]!;
    pos = end + 1;
    end = lineAt(pos);
  }
  if (pos < n) {
    const line = latin1(buf, pos, end);
    if (!PRINTABLE.test(line)) return null;
    if (line.trim().split(/\s+/).join(' ') === HEADER) pos = end + 1;
    else if (version !== null) return null;
  } else if (version !== null) return null;

  const blocks: BeancounterBlock[] = [];
  let current: BeancounterBlock | undefined;
  // Resource names of the previous block and of this one, dummy rows included (they are not kept
  // as rows, but they hold their place): where this row's name is likely to be already.
  let previous: string[] = [];
  let names: string[] = [];
  // Bytes are walked by hand, newline as the end of every token: a native indexOf per line cost more
  // than the rest. Byte classes come from one table (CLASS) so each step is one load and compare.
  while (pos < n) {
    let i = pos;
    while (i < n && CLASS[buf[i]!] === GAP) i++;
    let w = i;
    while (w < n && CLASS[buf[w]!]! >= WORD) w++;
    if (w === i) return null; // blank line
    if (buf[w - 1] === COLON) {
      if (w - 1 === i) return null;
      for (let k = i; k < w - 1; k++) if (!isIdByte(buf[k]!)) return null;
      previous = names;
      names = [];
      current = { ctId: latin1(buf, i, w - 1), beancounters: [] };
      blocks.push(current);
      i = w;
      while (i < n && CLASS[buf[i]!] === GAP) i++;
      w = i;
      while (w < n && CLASS[buf[w]!]! >= WORD) w++;
    } else if (current === undefined) {
      if (options.ctId === undefined) return null;
      current = { ctId: options.ctId, beancounters: [] };
      blocks.push(current);
    }
    // The resource: [a-z][a-z0-9_]*, the same string as the previous block's row at this place when it reads so.
    if (w === i || !isLower(buf[i]!)) return null;
    for (let k = i + 1; k < w; k++) {
      const c = buf[k]!;
      if (!(isLower(c) || isDigit(c) || c === 95)) return null;
    }
    const expected = previous[names.length];
    const resource = expected !== undefined && sameText(buf, i, w, expected) ? expected : latin1(buf, i, w);
    names.push(resource);
    i = w;
    let held = 0;
    let maxheld = 0;
    let barrier: number | null = 0;
    let limit: number | null = 0;
    let failcnt = 0;
    for (let k = 0; k < 5; k++) {
      while (i < n && CLASS[buf[i]!] === GAP) i++;
      const start = i;
      let x = 0;
      let c = 0;
      while (i < n && (c = buf[i]! - 48) >= 0 && c <= 9) {
        x = x * 10 + c;
        i++;
      }
      const len = i - start;
      if (len === 0 || (i < n && CLASS[buf[i]!]! >= WORD)) return null;
      let value: number | null = x;
      if (len > 9) {
        // As parseBeancounters: LONG_MAX/INT_MAX as barrier or limit is unlimited; other long values
        // only up to 15 digits (exact in a double) and without leading zeros.
        if ((k === 2 || k === 3) && (sameText(buf, start, i, LONG_MAX_TEXT) || sameText(buf, start, i, INT_MAX_TEXT))) value = null;
        else if (len > 15 || buf[start] === 48) return null;
      }
      if (k === 0) held = x;
      else if (k === 1) maxheld = x;
      else if (k === 2) barrier = value;
      else if (k === 3) limit = value;
      else failcnt = x;
    }
    while (i < n && CLASS[buf[i]!] === GAP) i++;
    if (i < n && buf[i] !== NL) return null;
    if (resource !== 'dummy') current.beancounters.push({ resource, held, maxheld, barrier, limit, failcnt });
    pos = i + 1;
  }
  if (blocks.length === 0) return null;
  return { version, blocks };
}
