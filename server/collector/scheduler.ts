import type { Db } from '../../db/client';
import { nodes } from '../../db/schema';
import { pendingLimitNodes } from '../limit-changes/store';
import { inventoryVersion, type NodeRow } from '../inventory/nodes';
import { collectNode, type CollectOptions, type CollectorDeps, type CollectResult } from './collect-node';
import { claimNodeLeases, releaseNodeLeases, type LeaseOptions } from './leases';
import { findLastAttempts } from './poll-state';
import { allowHeapGrowthForPolling } from './heap-growth';

export interface SchedulerOptions {
  intervalMs: number;
  /** Polls in flight fleet-wide; each may be an SSH handshake that costs CPU. */
  concurrency: number;
  /** How often the inventory is read (default 1 s). */
  tickMs?: number;
  /**
   * How often due polls are started (default 100 ms, at most tickMs): at each multiple of it on the
   * clock, where every node's slots lie too. Should divide the poll intervals.
   */
  dispatchMs?: number;
  /** `slot`: when the poll was due and when it started (the same instant for collectNow). */
  onResult?: (nodeId: number, result: CollectResult, slot: PollSlot) => void;
  onError?: (nodeId: number, err: unknown) => void;
  /**
   * Several instances on one Postgres: poll only the nodes this instance holds a lease on.
   * Leases are renewed every `renewMs` (default 5 s).
   */
  leases?: LeaseOptions & { renewMs?: number };
}

/** How often due polls are started unless SchedulerOptions.dispatchMs says otherwise (ms). */
export const DEFAULT_DISPATCH_MS = 100;

export interface PollSlot {
  dueAt: number;
  startedAt: number;
}

export interface Collector {
  /** Polls one node now (e.g. after its host key was accepted) and returns the outcome. */
  collectNow(nodeId: number): Promise<CollectResult>;
  /** Starts no more polls and gives this instance's nodes back at once (if it holds leases). */
  stop(): void;
  /**
   * A clean stop, on the way out: starts no more polls, waits up to `waitMs` for those under way
   * to be stored, then gives the nodes back, so another instance polls them on their own slots
   * instead of after the lease runs out. Resolves with the polls still under way at the deadline.
   */
  stopAndHandOver(waitMs: number): Promise<{ unfinished: number }>;
  /** The nodes this instance holds leases on, or null while it polls the whole fleet (no leases, or no lease round yet). */
  heldNodes(): ReadonlySet<number> | null;
  /** Another instance gave its nodes back (lease-signals.ts): a lease round now, not at the next renewal. */
  claimNow(): void;
}

/** Spreads nodes over the interval so the fleet is never polled in lockstep. */
export function pollOffsetMs(nodeId: number, intervalMs: number): number {
  return ((nodeId * 2654435761) >>> 0) % intervalMs;
}

/**
 * A node's home slots: every interval counted from the epoch, offset by pollOffsetMs on the
 * dispatch grid, so every instance sharing a fleet puts the node at the same moments and the
 * fleet's polls are spread evenly over the interval. Slots moved off home (a hand-over keeps a
 * node's cadence, a catch-up starts it when it can) drift back by `stepMs` per poll (nextDueAfter).
 */
export interface HomePhase {
  offsetMs: number;
  stepMs: number;
}

/** At most this share of an interval earlier per poll while a node drifts home (1/8: 1.8 s at 15 s). */
const HOME_STEP_SHARE = 8;

export function homePhase(nodeId: number, intervalMs: number, gridMs: number): HomePhase {
  return {
    offsetMs: Math.floor(pollOffsetMs(nodeId, intervalMs) / gridMs) * gridMs,
    stepMs: Math.max(gridMs, Math.floor(intervalMs / HOME_STEP_SHARE / gridMs) * gridMs),
  };
}

/** How far `t` lies past the home slot at or before it: 0 ≤ result < intervalMs. */
function pastHome(t: number, intervalMs: number, offsetMs: number): number {
  return (((t - offsetMs) % intervalMs) + intervalMs) % intervalMs;
}

/** The first home slot at or after `t`. */
export function homeSlotAtOrAfter(t: number, intervalMs: number, offsetMs: number): number {
  const past = pastHome(t, intervalMs, offsetMs);
  return past === 0 ? t : t - past + intervalMs;
}

/**
 * When a node is due next, polled now for the slot that was due at `due`: one interval after the
 * slot, not after the poll. Counting from the poll let every tick's lateness (up to a tick, more
 * when the event loop is busy) add up, and at 1000 nodes a node drifted by a second an interval:
 * it was still polled, but some 15-s windows had no poll of it (bench/collector's coverage).
 * A node more than an interval late starts afresh from now instead of catching up with a burst.
 *
 * Off its `home` phase, the slot comes up to `home.stepMs` earlier, never later: no gap between
 * two polls grows past the interval (every node in every interval), none shrinks below
 * interval − step, and a fleet bunched by hand-overs is spread evenly again within
 * HOME_STEP_SHARE polls. Kept bunched, three instances' fleet came in 11 s of every 15 with twice
 * the even rate at its peak, and the taken nodes' first polls landed on that peak (a hand-over
 * interval's poll p99 was 1.9–4.7 s, bench/collector --processes 3 --stop).
 */
export function nextDueAfter(due: number, now: number, intervalMs: number, home?: HomePhase): number {
  const cadence = due + intervalMs;
  const next = cadence > now ? cadence : now + intervalMs;
  if (!home) return next;
  const shift = Math.min(home.stepMs, pastHome(next, intervalMs, home.offsetMs));
  return Math.max(next - shift, now + intervalMs - home.stepMs);
}

/**
 * When a node new to this instance is polled, given when any instance last started a poll of it:
 * `slot` is where its cadence goes on from, `startAt` when its first poll here starts. Handed over
 * before its next slot (a rebalance, or its holder stopped) it keeps its cadence, so no interval
 * goes without a poll of it. Overdue (its slot passed in the hand-over, or its holder died and the
 * lease ran out) it is caught up within `spreadMs`, spread by its id, and then goes on from its
 * own latest slot: catch-ups at one moment would otherwise bunch a dead instance's nodes on the
 * same slots for good. Never polled: within `spreadMs`. A spread of a whole interval (an
 * instance's first lease round) is the node's home slot, and its cadence goes on from there.
 * (Times in epoch ms.)
 */
export function takenOverDueAt(nodeId: number, lastAttemptMs: number | null, now: number, o: { intervalMs: number; spreadMs: number; homeOffsetMs: number }): { slot: number; startAt: number } {
  const atHome = o.spreadMs >= o.intervalMs;
  const soon = atHome ? homeSlotAtOrAfter(now, o.intervalMs, o.homeOffsetMs) : now + pollOffsetMs(nodeId, o.spreadMs);
  if (lastAttemptMs === null) return { slot: soon, startAt: soon };
  const slot = lastAttemptMs + o.intervalMs;
  if (slot > now) return { slot, startAt: slot };
  const latest = slot + Math.floor((now - slot) / o.intervalMs) * o.intervalMs;
  // A spread as long as the interval (an instance's start) may reach past its next slot: then that slot.
  const next = latest + o.intervalMs;
  if (soon >= next) return { slot: next, startAt: next };
  return atHome ? { slot: soon, startAt: soon } : { slot: latest, startAt: soon };
}

/**
 * Polls every node on its own schedule. The node list is re-read on every tick, so nodes added or
 * removed in the inventory are picked up without a restart.
 */
export function startCollector(deps: CollectorDeps, opts: SchedulerOptions): Collector {
  allowHeapGrowthForPolling();
  const nextDue = new Map<number, number>();
  // A node taken over after its slot had passed: when its catch-up poll starts (its slot stays in nextDue).
  const catchUpAt = new Map<number, number>();
  // Polls under way; `asked`: one a person asked for (collectNow), which reads everything.
  const inFlight = new Map<number, { done: Promise<CollectResult>; asked: boolean }>();
  let stopped = false;
  let ticking = false;
  let held: Set<number> | null = null;
  let leasesRenewedAt = -Infinity;
  let claimSoon = false;

  const run = (nodeId: number, how: CollectOptions, dueAt: number): Promise<CollectResult> => {
    const existing = inFlight.get(nodeId);
    if (existing) return existing.done;
    const slot = { dueAt, startedAt: deps.clock().getTime() };
    const p = collectNode(deps, nodeId, how)
      .then((r) => {
        opts.onResult?.(nodeId, r, slot);
        return r;
      })
      .finally(() => inFlight.delete(nodeId));
    inFlight.set(nodeId, { done: p, asked: how.full === true });
    return p;
  };

  // The inventory as last read (when it changed), this instance's part of it (once a tick) and the
  // nodes with limit changes waiting.
  let inventory: { version: string | null; rows: NodeRow[] } = { version: null, rows: [] };
  let rows: NodeRow[] = [];
  let pending = new Set<number>();
  const intervalOf = (row: NodeRow) => (row.pollIntervalS ? row.pollIntervalS * 1000 : opts.intervalMs);

  // This instance's nodes, the one it polled last first and those being polled last: what it
  // would rather give back in a rebalance (claimNodeLeases), so the taker has most of an interval
  // before the node's next slot.
  const giveBackOrder = (): number[] =>
    rows
      .filter((r) => nextDue.has(r.id))
      .map((r) => ({ id: r.id, lastSlot: nextDue.get(r.id)! - intervalOf(r), busy: inFlight.has(r.id) }))
      .sort((a, b) => Number(a.busy) - Number(b.busy) || b.lastSlot - a.lastSlot)
      .map((x) => x.id);

  // The lease round under way, so a clean stop gives the nodes back after it, not before it claims them again.
  let ticked: Promise<void> = Promise.resolve();
  const tick = (db: Db) => {
    if (ticking || stopped) return ticked;
    return (ticked = leaseRound(db));
  };
  const leaseRound = async (db: Db) => {
    ticking = true;
    try {
      const now = deps.clock().getTime();
      if (opts.leases && (claimSoon || now - leasesRenewedAt >= (opts.leases.renewMs ?? 5_000))) {
        claimSoon = false;
        held = await claimNodeLeases(db, opts.leases, deps.clock(), giveBackOrder());
        leasesRenewedAt = now;
      }
      // Past the first lease round, a node new to this instance was someone else's.
      const takingOver = held !== null && nextDue.size > 0;
      // The rows go with the polls (no read per poll), as does whether a node has limit changes
      // waiting: two queries a second for the fleet instead of two per poll.
      // Read again only when something in it changed (inventoryVersion); a change made between the
      // two queries is seen by this read and by the next tick's again, never missed.
      const version = await inventoryVersion(db);
      if (version !== inventory.version) inventory = { version, rows: await db.select().from(nodes) };
      const all = inventory.rows;
      const mine = held ? all.filter((r) => held!.has(r.id)) : all;
      pending = mine.length ? await pendingLimitNodes(db) : new Set<number>();
      rows = mine;
      const alive = new Set(rows.map((r) => r.id));
      for (const id of [...nextDue.keys()]) {
        if (alive.has(id)) continue;
        nextDue.delete(id);
        catchUpAt.delete(id);
      }
      // Sharing the fleet, a node new to this instance may have been polled by another one moments ago.
      const taken = held !== null ? rows.filter((r) => !nextDue.has(r.id)) : [];
      if (taken.length > 0) {
        const lastAttempts = await findLastAttempts(db, taken.map((r) => r.id));
        const at = deps.clock().getTime();
        // Overdue ones are caught up within one lease round once this instance runs (issue 16: a
        // dead instance's nodes within two intervals), and over an interval at its start.
        const roundMs = opts.leases?.renewMs ?? 5_000;
        for (const r of taken) {
          const intervalMs = intervalOf(r);
          const spreadMs = takingOver ? Math.min(intervalMs, roundMs) : intervalMs;
          const due = takenOverDueAt(r.id, lastAttempts.get(r.id) ?? null, at, { intervalMs, spreadMs, homeOffsetMs: homePhase(r.id, intervalMs, gridMs).offsetMs });
          // The previous holder's polls started a millisecond or so after slots on this grid.
          nextDue.set(r.id, Math.round(due.slot / gridMs) * gridMs);
          if (due.startAt !== due.slot) catchUpAt.set(r.id, onGrid(due.startAt));
        }
      }
      dispatch();
    } catch (err) {
      opts.onError?.(-1, err);
    } finally {
      ticking = false;
    }
  };

  // Due polls start between ticks too, at looks on a fixed grid (every dispatchMs on the clock), and
  // every slot lies on that grid, so a poll starts within a millisecond or so of its slot and the
  // polls due together share one look. Looks every 100 ms from an arbitrary start left polls up to
  // 100 ms after their slots, and at 1000 nodes (66 polls a second) ~7 nodes an interval crossed a
  // window's edge (bench/collector's coverage); a look per slot cost ~0.6 ms CPU per poll more than
  // looks that start several polls together.
  const gridMs = opts.dispatchMs ?? Math.min(DEFAULT_DISPATCH_MS, opts.tickMs ?? 1000);
  const onGrid = (t: number) => Math.ceil(t / gridMs) * gridMs;
  let dispatchTimer: ReturnType<typeof setTimeout> | undefined;
  let lookAt = 0;
  const dispatch = () => {
    clearTimeout(dispatchTimer);
    if (stopped) return;
    const now = deps.clock().getTime();
    for (const row of rows) {
      const { id } = row;
      const intervalMs = intervalOf(row);
      if (!nextDue.has(id)) nextDue.set(id, onGrid(homeSlotAtOrAfter(now, intervalMs, homePhase(id, intervalMs, gridMs).offsetMs)));
      const due = nextDue.get(id)!;
      const startAt = catchUpAt.get(id) ?? due;
      if (startAt > now || inFlight.has(id) || inFlight.size >= opts.concurrency) continue;
      catchUpAt.delete(id);
      nextDue.set(id, onGrid(nextDueAfter(due, now, intervalMs, homePhase(id, intervalMs, gridMs))));
      run(id, { node: row, pendingLimits: pending.has(id) }, startAt).catch((err: unknown) => opts.onError?.(id, err));
    }
    lookAt = onGrid(deps.clock().getTime() + 1);
    arm();
  };
  // A timer can fire a little before its time (libuv counts from the loop's cached clock, taken
  // before this look ran): then it waits out the rest instead of skipping a whole grid step.
  const arm = () => {
    const waitMs = lookAt - deps.clock().getTime();
    if (waitMs <= 0) return dispatch();
    dispatchTimer = setTimeout(arm, waitMs);
    dispatchTimer.unref();
  };

  const timer = setInterval(() => void tick(deps.db), opts.tickMs ?? 1000);
  timer.unref();
  const halt = () => {
    stopped = true;
    clearInterval(timer);
    clearTimeout(dispatchTimer);
  };
  return {
    collectNow: (nodeId) => {
      const asked = () => {
        const now = deps.clock().getTime();
        nextDue.set(nodeId, onGrid(now + opts.intervalMs));
        catchUpAt.delete(nodeId);
        return run(nodeId, { retryNow: true, full: true }, now);
      };
      // A scheduled poll under way started before the person asked, and may be a fast one: theirs
      // follows it. Another asked-for poll under way is theirs too (a double click).
      const busy = inFlight.get(nodeId);
      return busy && !busy.asked ? busy.done.then(asked, asked) : asked();
    },
    stop: () => {
      halt();
      // Hand the nodes over at once instead of after the lease runs out.
      if (opts.leases) releaseNodeLeases(deps.db, opts.leases.owner).catch((err: unknown) => opts.onError?.(-1, err));
    },
    heldNodes: () => held,
    claimNow: () => {
      if (!opts.leases || stopped) return;
      // A round under way may have read the leases before the release: the next tick runs another.
      claimSoon = true;
      void tick(deps.db);
    },
    stopAndHandOver: async (waitMs) => {
      halt();
      const polls = [...inFlight.values()].map((f) => f.done.catch(() => undefined));
      let deadline: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all([...polls, ticked]), new Promise((resolve) => (deadline = setTimeout(resolve, waitMs)))]);
      clearTimeout(deadline);
      const unfinished = inFlight.size;
      if (opts.leases) await releaseNodeLeases(deps.db, opts.leases.owner);
      return { unfinished };
    },
  };
}
