import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { NodeHistoryAccumulator, type BucketRow } from './accumulator';
import type { SeriesSample } from './series';
import { selectRows } from '../../db/sql-rows';

/** Test helpers for the history store (imported by tests only). */

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export function sample(key: string, value: number, barrier = NaN, limit = NaN): SeriesSample {
  return { key, value, barrier, limit };
}

/**
 * Closed 1-minute buckets of one node from polls every `everyMs` in [fromMs, toMs); `at(t)` gives
 * the poll's series.
 */
export function pollBuckets(nodeId: number, fromMs: number, toMs: number, everyMs: number, at: (t: number) => SeriesSample[]): BucketRow[] {
  const acc = new NodeHistoryAccumulator(nodeId, MINUTE);
  for (let t = fromMs; t < toMs; t += everyMs) acc.add(t, at(t));
  return acc.drain(toMs + MINUTE);
}

export async function countRows(db: Db, nodeId: number, resolutionS: number): Promise<number> {
  const [r] = await selectRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from history_buckets where node_id = ${nodeId} and resolution_s = ${resolutionS}`,
  );
  return Number(r!.n);
}

/** Everything stored for a node in one tier, as comparable text. */
export async function dumpRows(db: Db, nodeId: number, resolutionS: number): Promise<string> {
  const rows = await selectRows<Record<string, unknown>>(
    db,
    sql`select bucket, layout_id, samples, counts::text, avg::text, max::text from history_buckets
        where node_id = ${nodeId} and resolution_s = ${resolutionS} order by bucket`,
  );
  return JSON.stringify(rows);
}

/** A db whose execute() — in transactions too — records the SQL text of every statement. */
export function recordingDb(db: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const dialect = new PgDialect();
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        if (prop === 'execute') {
          return (query: Parameters<Db['execute']>[0]) => {
            statements.push(dialect.sqlToQuery(query as never).sql);
            return (t as unknown as Db).execute(query);
          };
        }
        if (prop === 'transaction') {
          return (fn: (tx: object) => Promise<unknown>, ...rest: unknown[]) =>
            (t as unknown as { transaction: (f: (tx: object) => Promise<unknown>, ...r: unknown[]) => Promise<unknown> }).transaction((tx) => fn(wrap(tx)), ...rest);
        }
        return Reflect.get(t, prop, receiver) as unknown;
      },
    });
  return { db: wrap(db), statements };
}
