import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';

/** Rows of a raw query, the same on node-postgres and PGlite. */
export async function selectRows<T>(db: Db, query: SQL): Promise<T[]> {
  const res = await db.execute(query);
  return (res as unknown as { rows: T[] }).rows;
}

/** `{1,2,3}`: an integer array literal for `::bigint[]` / `::int[]` casts (ids only, never user text). */
export function intArrayLiteral(ids: readonly number[]): string {
  return `{${ids.map((n) => String(Math.trunc(n))).join(',')}}`;
}

/** `{"a","b"}`: every element quoted, `\` and `"` escaped, for `::text[]` casts. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** Epoch ms of a timestamp column read as `extract(epoch from x) * 1000`; drivers differ on Date vs text. */
export const msOrNull = (v: number | string | null): number | null => (v === null ? null : Number(v));
