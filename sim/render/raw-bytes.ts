/**
 * Raw bytes in the simulator's text: a CT's hostname, name or description may be set to bytes
 * that are not UTF-8 (a KOI8-R or CP1251 panel, a broken client). The model keeps them in its
 * strings as lone surrogates U+DC80–U+DCFF, one per byte 0x80–0xFF (Python's "surrogateescape");
 * the channel writer turns them back into those bytes. Everything else is written as UTF-8.
 */

const ESCAPED = /[\udc80-\udcff]/;

/** Bytes → model string: valid UTF-8 sequences decode, every other byte ≥ 0x80 is escaped. */
export function rawBytesToSimText(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  const strict = new TextDecoder('utf-8', { fatal: true });
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    if (len > 0 && i + len <= bytes.length) {
      try {
        out += strict.decode(bytes.subarray(i, i + len));
        i += len;
        continue;
      } catch {
        // not a valid sequence: escape this byte alone
      }
    }
    out += String.fromCharCode(0xdc00 + b);
    i++;
  }
  return out;
}

/** Model string → the bytes a channel carries. */
export function encodeSimText(text: string): string | Buffer {
  if (!ESCAPED.test(text)) return text;
  const parts: Buffer[] = [];
  let run = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xdc80 && c <= 0xdcff) {
      if (run) parts.push(Buffer.from(run, 'utf8'));
      run = '';
      parts.push(Buffer.from([c - 0xdc00]));
    } else run += ch;
  }
  if (run) parts.push(Buffer.from(run, 'utf8'));
  return Buffer.concat(parts);
}
