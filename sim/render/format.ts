/** printf-style helpers shared by the renderers. A number is never truncated: it pushes the line. */

/** What a 64-bit kernel prints for an unlimited barrier/limit. */
export const LONG_MAX = '9223372036854775807';

/** `%Ns`: right-aligned to `width`. */
export function padLeft(s: string, width: number): string {
  return s.padStart(width);
}

/** `%-Ns`: left-aligned to `width`. */
export function padRight(s: string, width: number): string {
  return s.padEnd(width);
}

/** `%lu` of a barrier/limit, mapping unlimited (`null`) to LONG_MAX. */
export function ulong(v: number | null): string {
  return v === null ? LONG_MAX : String(Math.trunc(v));
}

/** `%.Nf` */
export function fixed(v: number, digits: number): string {
  return v.toFixed(digits);
}

/** Joins lines, each terminated by a newline (the way the tools print). */
export function lines(rows: readonly string[]): string {
  return rows.map((r) => `${r}\n`).join('');
}
