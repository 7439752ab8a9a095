import type { SQL } from 'drizzle-orm';
import type { Db } from './client';

/**
 * Raw-query helpers for every reader and writer: the rows of db.execute(), and array parameters
 * sent as text literals (the same bytes on pg and PGlite).
 */

/** Rows of a raw query, the same on node-postgres and PGlite. */
export async function selectRows<T>(db: Db, query: SQL): Promise<T[]> {
  const res = await db.execute(query);
  return (res as unknown as { rows: T[] }).rows;
}

/**
 * `{1,2,3}`: an integer array literal for `::bigint[]` / `::int[]` casts (ids, counts; never user
 * text). A value that is not an integer is a bug upstream: refused rather than silently rounded
 * (the two copies this replaces rounded differently, one by Math.trunc, one by Math.round).
 */
export function intArrayLiteral(values: ArrayLike<number>): string {
  return `{${Array.from(values, (v) => {
    if (!Number.isSafeInteger(v)) throw new RangeError(`intArrayLiteral: ${v} is not an integer`);
    return String(v);
  }).join(',')}}`;
}

/** `{"a","b"}`: every element quoted, `\` and `"` escaped, for `::text[]` casts. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** Epoch ms of a timestamp column read as `extract(epoch from x) * 1000`; drivers differ on Date vs text. */
export const msOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v));
