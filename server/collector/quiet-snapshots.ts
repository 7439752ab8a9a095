import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { selectRows } from '../../db/sql-rows';
import type { FailcntEvent } from '../openvz/formulas/failcnt-events';
import { FAILCNT_EVENT_RECORD, failcntEventRow } from './failcnt';

/**
 * The store of a quiet poll (store-snapshot.ts): this process stored the node's previous snapshot
 * and no CT changed, so the new snapshot row replaces it and the poll's failcnt events ride along,
 * provided that row is still the node's latest.
 */
export interface QuietSnapshot {
  nodeId: number;
  /**
   * The snapshot this process stored last; nothing is written if it is no longer the node's latest.
   * Null in the locking path (store-snapshot.ts), whose transaction holds that row locked already.
   */
  ifLatest: number | null;
  at: Date;
  memTotalKb: number | null;
  swapTotalKb: number | null;
  lowTotalKb: number | null;
  cpuUtilization: number | null;
  cpuNodePower: number | null;
  cpuOvercommitted: boolean | null;
  beancountersPacked: Buffer;
  quotas: unknown;
  summary: unknown;
  warnings: string;
  events: readonly FailcntEvent[];
}

/** Where quiet stores go: one statement each, or gathered over a few milliseconds (batchQuietSnapshots). */
export interface QuietSnapshotSink {
  /** The new snapshot's id, or null when another writer stored a snapshot of the node since. */
  store(s: QuietSnapshot): Promise<number | null>;
}

/**
 * Quiet stores of many nodes in ONE statement: the rows arrive as one JSON parameter and the
 * beancounters as one bytea (each node's bytes at an offset), so the statement costs the same to
 * build and send for 1 node or 64. Per node it does what the single statement did: insert the new
 * row only while `ifLatest` is still the latest (locked), delete the node's earlier rows (the
 * delete sees the table as it was before the statement, so never the new row), and insert the
 * failcnt events only for nodes whose row went in. Ids come back per node; a node missing from the
 * answer lost the race to another writer.
 */
export async function storeQuietSnapshots(db: Db, items: readonly QuietSnapshot[]): Promise<(number | null)[]> {
  if (items.length === 0) return [];
  // In node order: two instances storing the same node (a hand-over) lock its rows in one order.
  const ordered = [...items].sort((a, b) => a.nodeId - b.nodeId);
  let offset = 0;
  const rows = ordered.map((s) => {
    const row = {
      node_id: s.nodeId,
      if_latest: s.ifLatest,
      collected_at: s.at.toISOString(),
      mem_total_kb: s.memTotalKb,
      swap_total_kb: s.swapTotalKb,
      low_total_kb: s.lowTotalKb,
      cpu_utilization: s.cpuUtilization,
      cpu_node_power: s.cpuNodePower,
      cpu_overcommitted: s.cpuOvercommitted,
      quotas: s.quotas,
      summary: s.summary ?? null,
      warnings: s.warnings,
      bc_at: offset,
      bc_len: s.beancountersPacked.length,
    };
    offset += s.beancountersPacked.length;
    return row;
  });
  const events = ordered.flatMap((s) => s.events.map((e) => ({ node_id: s.nodeId, ...failcntEventRow(e) })));
  const packed = ordered.length === 1 ? ordered[0]!.beancountersPacked : Buffer.concat(ordered.map((s) => s.beancountersPacked));
  const eventsCte = events.length
    ? sql`, ev as (
        insert into failcnt_events (node_id, ct_id, resource, at, delta, failcnt, held, maxheld, barrier, "limit", after_reset)
        select e.node_id, e.ct_id, e.resource, e.at, e.delta, e.failcnt, e.held, e.maxheld, e.barrier, e."limit", e.after_reset
        from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as e(node_id int, ${FAILCNT_EVENT_RECORD})
        where e.node_id in (select node_id from ins)
        on conflict do nothing)`
    : sql``;
  const stored = await selectRows<{ id: number | string; node_id: number }>(
    db,
    sql`with input as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as i(node_id int, if_latest bigint, collected_at timestamptz,
        mem_total_kb bigint, swap_total_kb bigint, low_total_kb bigint, cpu_utilization bigint, cpu_node_power bigint, cpu_overcommitted boolean,
        quotas jsonb, summary jsonb, warnings text, bc_at int, bc_len int)
    ), ins as (
      insert into snapshots (node_id, collected_at, mem_total_kb, swap_total_kb, low_total_kb, cpu_utilization, cpu_node_power, cpu_overcommitted, beancounters_packed, quotas, summary, warnings)
      select i.node_id, i.collected_at, i.mem_total_kb, i.swap_total_kb, i.low_total_kb, i.cpu_utilization, i.cpu_node_power, i.cpu_overcommitted,
        substring(${packed}::bytea from i.bc_at + 1 for i.bc_len), i.quotas, i.summary, i.warnings
      from input i
      where i.if_latest is null or (select s.id from snapshots s where s.node_id = i.node_id order by s.id desc limit 1 for update) = i.if_latest
      returning id, node_id
    ), del as (delete from snapshots d using ins where d.node_id = ins.node_id)${eventsCte}
    select id, node_id from ins`,
  );
  const idOf = new Map(stored.map((r) => [Number(r.node_id), Number(r.id)]));
  return items.map((s) => idOf.get(s.nodeId) ?? null);
}

/**
 * Gathers quiet stores for `delayMs` (or until `maxBatch`) and writes them in one statement: at
 * fleet scale most polls are quiet, and a statement per poll cost the collector more CPU in the
 * client (query building, the pool, the socket write) than the rest of storing. A node can be in
 * a batch once (a second store of it waits for the next); if the batch fails, each store is
 * tried alone, so one node's bad row fails only that node's poll.
 * The 120 ms are for smaller fleets: at 200 nodes a 40 ms window held ~0.5 polls, i.e. a statement
 * per poll (bench/collector, 200 nodes: 4.56 and 4.33 -> 3.97 and 4.01 ms CPU per node-poll with
 * this and batchPollOutcomes' 300 ms; at 1000 nodes, ~3 polls a batch before and ~8 now, 3.60 ms).
 */
export function batchQuietSnapshots(db: Db, opts: { delayMs?: number; maxBatch?: number } = {}): QuietSnapshotSink {
  const delayMs = opts.delayMs ?? 120;
  const maxBatch = opts.maxBatch ?? 64;
  type Waiting = { s: QuietSnapshot; resolve: (id: number | null) => void; reject: (err: unknown) => void };
  let pending: Waiting[] = [];
  let timer: NodeJS.Timeout | null = null;

  const write = async (batch: Waiting[]) => {
    try {
      const ids = await storeQuietSnapshots(db, batch.map((w) => w.s));
      batch.forEach((w, i) => w.resolve(ids[i]!));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      for (const w of batch) await write([w]);
    }
  };
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch: Waiting[] = [];
    const later: Waiting[] = [];
    const inBatch = new Set<number>();
    for (const w of pending) {
      if (inBatch.has(w.s.nodeId) || batch.length >= maxBatch) later.push(w);
      else {
        inBatch.add(w.s.nodeId);
        batch.push(w);
      }
    }
    pending = later;
    if (pending.length) timer = setTimeout(flush, pending.length >= maxBatch ? 0 : delayMs);
    void write(batch);
  };
  return {
    store(s) {
      return new Promise((resolve, reject) => {
        pending.push({ s, resolve, reject });
        if (pending.length >= maxBatch) flush();
        else timer ??= setTimeout(flush, delayMs);
      });
    },
  };
}
