import type { Db } from '../../db/client';
import { FleetHistoryAccumulator } from '../history/accumulator';
import { computeHistoryDerived, emitSeries, SeriesKeyCache, type HistoryDerived } from '../history/series';
import { dropExpiredPartitions, ensurePartitions, rollupTiers, writeBuckets } from '../history/store';
import type { HistoryTier } from '../history/tiers';
import type { NodeSnapshot } from './interpret';

export interface HistoryRecorder {
  /** Adds one successful poll to its node's open bucket (in memory). */
  record(nodeId: number, at: Date, snapshot: NodeSnapshot, derived?: HistoryDerived): void;
  /**
   * Writes the buckets that closed, all nodes in one batch (once per sweep); `closeOpen` (on the
   * way out) closes and writes the open ones too. A bucket another instance wrote part of is
   * merged with it: a handed-over node's minute keeps the polls of both.
   */
  flush(now: Date, opts?: { closeOpen?: boolean }): Promise<number>;
  /** Rolls finer tiers up into coarser ones, keeps partitions ahead, drops expired ones. */
  maintain(now: Date, nodeIds: readonly number[]): Promise<void>;
}

/**
 * History of every poll, kept as round-robin-like tiers: the finest tier is averaged in memory and
 * written once per bucket; coarser tiers are computed from stored finer rows, so a crash loses
 * at most the open finest bucket and never a coarse one (a clean stop writes that too).
 */
export function createHistoryRecorder(db: Db, tiers: readonly HistoryTier[]): HistoryRecorder {
  const finest = tiers[0]!;
  // A poll is filed under its start time; one still running when its minute ends must not be lost.
  const acc = new FleetHistoryAccumulator(finest.resolutionMs, { graceMs: 25_000 });
  const keys = new Map<number, SeriesKeyCache>();
  return {
    record(nodeId, at, snapshot, derived) {
      let cache = keys.get(nodeId);
      if (!cache) keys.set(nodeId, (cache = new SeriesKeyCache()));
      const figures = derived ?? computeHistoryDerived(snapshot);
      acc.addEmitted(nodeId, at.getTime(), (put) => emitSeries(snapshot, figures, cache, put));
    },
    async flush(now, opts) {
      const rows = acc.drain(opts?.closeOpen ? Number.POSITIVE_INFINITY : now.getTime());
      if (rows.length === 0) return 0;
      await writeBuckets(db, rows, tiers, 'merge');
      return rows.length;
    },
    async maintain(now, nodeIds) {
      await ensurePartitions(db, now, tiers);
      if (nodeIds.length) await rollupTiers(db, nodeIds, now, { tiers });
      await dropExpiredPartitions(db, now, tiers);
    },
  };
}
