import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { selectRows, textArrayLiteral } from '../../db/sql-rows';
import { chunked, decodeArraySend, realArrayLiteral } from './sql-values';

/**
 * history_layouts: a node's series keys in one bucket with their barrier and limit, stored once and
 * referenced by id from every row that has exactly them. Immutable, so ids are cached.
 */

export interface LayoutContent {
  keys: readonly string[];
  barrier: ArrayLike<number>;
  limit: ArrayLike<number>;
}

export interface Layout {
  id: number;
  keys: string[];
  barrier: number[];
  limit: number[];
}

/** Digest of a keys array; the accumulator reuses one array while a node's series stay the same. */
const keysDigests = new WeakMap<readonly string[], Buffer>();

function keysDigest(keys: readonly string[]): Buffer {
  let d = keysDigests.get(keys);
  if (!d) {
    // Keys are stored and read back newline-separated; the series key grammar has no newline.
    for (const k of keys) if (k.includes('\n')) throw new RangeError(`history: a series key may not contain a newline: ${JSON.stringify(k)}`);
    d = createHash('sha256').update(keys.join('\n')).digest();
    keysDigests.set(keys, d);
  }
  return d;
}

/** sha256 over the keys' digest and the float4 images of barrier and limit (what is stored). */
export function layoutHash(layout: LayoutContent): string {
  const h = createHash('sha256');
  h.update(keysDigest(layout.keys));
  h.update(new Uint8Array(Float32Array.from(layout.barrier).buffer));
  h.update(new Uint8Array(Float32Array.from(layout.limit).buffer));
  return h.digest('hex');
}

const CACHE_MAX = 50_000;
const idsByHash = new WeakMap<Db, Map<string, number>>();

/** Layouts per INSERT: each may hold thousands of keys, so statements stay a few MB. */
const LAYOUT_CHUNK = 50;

/** Ids of these layouts, inserting the new ones; `hashes[i]` is layoutHash(layouts[i]). */
export async function upsertLayouts(db: Db, layouts: readonly LayoutContent[], hashes: readonly string[]): Promise<number[]> {
  let cache = idsByHash.get(db);
  if (!cache) idsByHash.set(db, (cache = new Map()));
  const missing = new Map<string, LayoutContent>();
  hashes.forEach((h, i) => {
    if (!cache.has(h)) missing.set(h, layouts[i]!);
  });
  if (missing.size) {
    // In hash order: two instances inserting the same new layouts (a node handed over between
    // them) take the rows' locks in one order, so neither waits on the other in a cycle (a
    // deadlock failed a history write).
    for (const part of chunked([...missing].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), LAYOUT_CHUNK)) {
      const values = part.map(
        ([hash, l]) => sql`(${hash}, ${textArrayLiteral(l.keys)}::text[], ${realArrayLiteral(l.barrier)}::real[], ${realArrayLiteral(l.limit)}::real[])`,
      );
      await db.execute(sql`insert into history_layouts (hash, keys, barrier, "limit") values ${sql.join(values, sql`, `)} on conflict (hash) do nothing`);
    }
    const rows = await selectRows<{ id: number; hash: string }>(
      db,
      sql`select id, hash from history_layouts where hash = any(${textArrayLiteral([...missing.keys()])}::text[])`,
    );
    if (cache.size + rows.length > CACHE_MAX) cache.clear();
    for (const r of rows) cache.set(r.hash, r.id);
  }
  return hashes.map((h) => {
    const id = cache.get(h);
    if (id === undefined) throw new Error(`history: layout ${h} was not stored`);
    return id;
  });
}

/** Layouts by id (keys, barrier, limit); the same id always gives the same keys array object within one call. */
export async function findLayouts(db: Db, ids: readonly number[]): Promise<Map<number, Layout>> {
  const out = new Map<number, Layout>();
  if (ids.length === 0) return out;
  const rows = await selectRows<{ id: number; keys: string; barrier: Uint8Array; limit: Uint8Array }>(
    db,
    sql`select id, array_to_string(keys, E'\n') as keys, array_send(barrier) as barrier, array_send("limit") as "limit"
        from history_layouts where id = any(${`{${[...new Set(ids)].join(',')}}`}::int[])`,
  );
  for (const r of rows) {
    out.set(r.id, { id: r.id, keys: r.keys === '' ? [] : r.keys.split('\n'), barrier: decodeArraySend(r.barrier), limit: decodeArraySend(r.limit) });
  }
  return out;
}
