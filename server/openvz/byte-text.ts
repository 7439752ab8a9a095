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
