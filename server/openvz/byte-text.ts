/**
 * Whether the bytes [start, end) of `buf` are `text`, char code for byte: the fast paths that read
 * a node's output (or vzfleet's own packed bytes) as bytes compare them with known strings this way,
 * so a byte outside ASCII never matches a string read as UTF-8 and goes the careful way.
 */
export function sameText(buf: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let k = 0; k < text.length; k++) if (buf[start + k] !== text.charCodeAt(k)) return false;
  return true;
}

/** V8's SlicedString::kMinLength: shorter slices are copied, never views. */
const SHORTEST_VIEW = 13;

/**
 * `s` as a string of its own, for what a snapshot keeps past the poll that read it. V8 makes a
 * slice of 13 or more characters (slice, substring, split, a regex match) a view that holds the
 * whole text it was cut from: a hostname or an address cut from a full poll's ~27 kB vzlist answer
 * kept that answer alive as long as the node's latest snapshot (a heap snapshot at 1000 nodes held
 * 647 of them, 18 MB). A JSON round trip gives any string back, lone surrogates included, as a new
 * flat one; a concatenation (a V8 cons string) is flattened on the way.
 */
export function detachedString(s: string): string {
  return s.length < SHORTEST_VIEW ? s : (JSON.parse(JSON.stringify(s)) as string);
}
