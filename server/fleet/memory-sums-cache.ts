import type { Db } from '../../db/client';
import { findMemorySums, type MemorySums } from './memory-sums';

/**
 * The fleet-wide memory sums, recomputed at most every `maxAgeMs` and served stale-while-
 * revalidate in between: summing a million beancounter rows takes about a second at 1000 nodes
 * (bench/ui), too slow for every page load and every wall screen's 5-second poll. Derived data
 * only — the database stays the source; a restart just recomputes. Per node, so a node's figures
 * are at most one refresh (≈ one poll interval) behind its snapshot; nodes new since the last
 * refresh are summed at once. Goes away once the collector stores these figures per snapshot
 * (node-summary.ts).
 */
interface Entry {
  computedAt: number;
  /** nodeId → the sums of its then-latest snapshot. */
  byNode: Map<number, MemorySums>;
  refreshing: Promise<void> | null;
}

const caches = new WeakMap<Db, Entry>();

type SumFn = (db: Db, snapshotIds: readonly number[]) => Promise<Map<number, MemorySums>>;

async function compute(db: Db, latest: ReadonlyMap<number, { snapshotId: number }>, sum: SumFn): Promise<Map<number, MemorySums>> {
  const sums = await sum(db, [...latest.values()].map((s) => s.snapshotId));
  const byNode = new Map<number, MemorySums>();
  for (const [nodeId, s] of latest) {
    const v = sums.get(s.snapshotId);
    if (v) byNode.set(nodeId, v);
  }
  return byNode;
}

/** Memory sums per node id for the given latest snapshots. */
export async function findMemorySumsCached(
  db: Db,
  latest: ReadonlyMap<number, { snapshotId: number }>,
  now: number,
  maxAgeMs: number,
  sum: SumFn = findMemorySums,
): Promise<Map<number, MemorySums>> {
  let entry = caches.get(db);
  if (!entry) {
    entry = { computedAt: now, byNode: await compute(db, latest, sum), refreshing: null };
    caches.set(db, entry);
    return entry.byNode;
  }
  const e = entry;
  if (now - e.computedAt > maxAgeMs && !e.refreshing) {
    e.refreshing = compute(db, latest, sum)
      .then((byNode) => {
        e.byNode = byNode;
        e.computedAt = now;
      })
      .catch((err: unknown) => console.error('vzfleet: refreshing the fleet memory sums failed:', err))
      .finally(() => {
        e.refreshing = null;
      });
  }
  const missing = new Map([...latest].filter(([nodeId]) => !e.byNode.has(nodeId)));
  if (missing.size === 0) return e.byNode;
  const added = await compute(db, missing, sum);
  for (const [nodeId, v] of added) e.byNode.set(nodeId, v);
  return e.byNode;
}
