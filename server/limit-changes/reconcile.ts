import type { Db } from '../../db/client';
import type { BeancounterBlock } from '../openvz/beancounters';
import { diffObservedLimits, isSameSetting, sameUbcLimits, settleLimitChange, type CtObserved, type ObservedChange } from '../openvz/limits/observe';
import { isLimitParam } from '../openvz/limits/params';
import { findPendingLimitChanges, findRecentOwnChanges, insertLimitChange, updateLimitChange } from './store';

/**
 * After each stored poll: settle vzfleet's pending changes (confirmed or mismatch) and record limits
 * that changed on the node between the previous poll and this one without vzfleet ("changed on
 * the node"). Called by the collector with plain snapshot data.
 */

/** What a poll holds that limits read (the collector's NodeSnapshot fits it). */
export interface PolledLimits {
  beancounters: readonly BeancounterBlock[];
  containers: ReadonlyArray<{ ctId: string; cpuunits: number | null; cpulimit: number | null; quota: { blocksSoft: number | null; blocksHard: number | null; inodesSoft: number | null; inodesHard: number | null } }>;
  /** The poll read vzlist (cpuunits, cpulimit, quotas); a fast poll carries the last full poll's. */
  full?: boolean;
}

/** A flood of changes (a node re-created, a bulk --applyconfig) is recorded up to this many per poll. */
export const MAX_OBSERVED_PER_POLL = 200;
/** vzfleet's own change explains a difference seen within this long after it. */
const OWN_WINDOW_MS = 30 * 60_000;

type PolledCt = PolledLimits['containers'][number];

/**
 * A poll's blocks or CTs by CT id. Two polls of a node list their CTs in the same order, so a
 * lookup first tries the entry after the last one found, and the one after that (CT 0's block sits
 * among the CTs' and is never looked up); the map is built only when both miss. A lookup per CT by
 * scanning was quadratic, and two maps per poll were ~17 kB a poll for nothing.
 */
class ByCtId<T extends { ctId: string }> {
  private map: Map<string, T> | null = null;
  private next = 0;

  constructor(private readonly list: readonly T[]) {}

  get(ctId: string): T | undefined {
    const at = this.list[this.next]?.ctId === ctId ? this.next : this.list[this.next + 1]?.ctId === ctId ? this.next + 1 : -1;
    if (at >= 0) {
      this.next = at + 1;
      return this.list[at];
    }
    this.map ??= new Map(this.list.map((e) => [e.ctId, e]));
    return this.map.get(ctId);
  }
}

interface PollIndex {
  blocks: ByCtId<BeancounterBlock>;
  cts: ByCtId<PolledCt>;
}

const indexOf = (poll: PolledLimits): PollIndex => ({ blocks: new ByCtId(poll.beancounters), cts: new ByCtId(poll.containers) });

function observedOf(poll: PollIndex, ctId: string, withFields: boolean): CtObserved | null {
  const block = poll.blocks.get(ctId);
  const ct = poll.cts.get(ctId);
  if (!block && !ct) return null;
  const out: CtObserved = { ubc: block?.beancounters ?? [] };
  if (ct && withFields) {
    out.cpuunits = ct.cpuunits;
    out.cpulimit = ct.cpulimit;
    const q = ct.quota;
    out.diskspace = q.blocksSoft !== null && q.blocksHard !== null ? { soft: q.blocksSoft, hard: q.blocksHard } : null;
    out.diskinodes = q.inodesSoft !== null && q.inodesHard !== null ? { soft: q.inodesSoft, hard: q.inodesHard } : null;
  }
  return out;
}

/**
 * `opts.pending: false` says the caller knows the node has no pending change (the collector asks
 * once a second for the whole fleet, pendingLimitNodes), which spares a query per poll.
 */
export function recordLimitObservations(
  db: Db,
  nodeId: number,
  prev: PolledLimits | null,
  next: PolledLimits,
  startedAt: Date,
  opts: { pending?: boolean } = {},
): Promise<{ settled: number; observed: number }> {
  return prepareLimitObservations(prev, next, startedAt, opts)(db, nodeId);
}

/** The writes of recordLimitObservations, still to be made. */
export type LimitObservationWrites = (db: Db, nodeId: number) => Promise<{ settled: number; observed: number }>;

/**
 * recordLimitObservations in two steps: the polls are compared now, and what is returned writes
 * the outcome later without holding either poll (only a node with pending changes keeps the new
 * one, to settle them). The collector compares before its first database wait, so a poll's
 * ~1,400 beancounter rows die young instead of being promoted while the poll waits for storage.
 */
export function prepareLimitObservations(prev: PolledLimits | null, next: PolledLimits, startedAt: Date, opts: { pending?: boolean } = {}): LimitObservationWrites {
  const nextIndex = indexOf(next);
  const settle = opts.pending === false ? null : settlePending(nextIndex, next.full !== false, startedAt);
  const diffs = prev ? observedDiffs(indexOf(prev), nextIndex, next) : [];
  return async (db, nodeId) => {
    const settled = settle ? await settle(db, nodeId) : 0;
    // Most polls change nothing: only then is vzfleet's own recent list read.
    if (diffs.length === 0) return { settled, observed: 0 };
    const own = await findRecentOwnChanges(db, nodeId, new Date(startedAt.getTime() - OWN_WINDOW_MS));
    let observed = 0;
    for (const { ctId, d } of diffs) {
      if (own.some((o) => o.ctId === ctId && o.param === d.param && isSameSetting(d.param, o.after, d.after))) continue;
      if (observed >= MAX_OBSERVED_PER_POLL) break;
      await insertLimitChange(db, { nodeId, ctId, param: d.param, before: d.before, after: d.after, source: 'node', status: 'observed', at: startedAt, settledAt: startedAt });
      observed++;
    }
    return { settled, observed };
  };
}

/** Settles vzfleet's pending changes of the node against the new poll: confirmed or mismatch. */
function settlePending(nextIndex: PollIndex, full: boolean, startedAt: Date): (db: Db, nodeId: number) => Promise<number> {
  return async (db, nodeId) => {
    let settled = 0;
    for (const p of await findPendingLimitChanges(db, nodeId)) {
      // A poll that started before the node accepted the change cannot show it.
      if (!p.appliedAt || startedAt.getTime() <= p.appliedAt.getTime() || !isLimitParam(p.param)) continue;
      // A fast poll carries the last full poll's vzlist fields: they cannot confirm a new cpuunits.
      const seen = observedOf(nextIndex, p.ctId, full);
      if (!seen) continue;
      const s = settleLimitChange(p.param, p.after, seen);
      if (s.status === 'unknown') continue;
      await updateLimitChange(db, p.id, { status: s.status, observed: s.status === 'mismatch' ? s.observed : null, settledAt: startedAt });
      settled++;
    }
    return settled;
  };
}

/** Whether two vzlist records hold the same settings diffObservedLimits reads (both absent counts). */
function sameSettings(a: PolledCt | undefined, b: PolledCt | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const p = a.quota;
  const q = b.quota;
  return a.cpuunits === b.cpuunits && a.cpulimit === b.cpulimit && p.blocksSoft === q.blocksSoft && p.blocksHard === q.blocksHard && p.inodesSoft === q.inodesSoft && p.inodesHard === q.inodesHard;
}

/** The limits that changed on the node between two polls, by CT. */
function observedDiffs(prevIndex: PollIndex, nextIndex: PollIndex, next: PolledLimits): { ctId: string; d: ObservedChange }[] {
  const diffs: { ctId: string; d: ObservedChange }[] = [];
  for (const block of next.beancounters) {
    if (block.ctId === '0') continue;
    // The common CT: the same settings in its vzlist record (a fast poll carries the very record)
    // and the same barriers and limits. A full poll's records are new objects, so they are compared
    // by value: building the observed values of every CT to find nothing cost a full poll ~150 kB.
    const prevBlock = prevIndex.blocks.get(block.ctId);
    if (prevBlock && sameSettings(prevIndex.cts.get(block.ctId), nextIndex.cts.get(block.ctId)) && sameUbcLimits(prevBlock.beancounters, block.beancounters)) continue;
    // Carried vzlist fields equal the last full poll's, so comparing them never invents a change.
    const before = observedOf(prevIndex, block.ctId, true);
    const after = observedOf(nextIndex, block.ctId, true);
    if (before && after) for (const d of diffObservedLimits(before, after)) diffs.push({ ctId: block.ctId, d });
  }
  return diffs;
}
