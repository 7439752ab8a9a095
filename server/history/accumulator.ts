import { compareSeriesKeys, type SeriesSample, type SeriesSink } from './series';
import { bucketStart } from './tiers';

/**
 * The open bucket of the finest tier, per node, in memory: running sum and count (for the
 * average), maximum, and the last barrier/limit of every series. A bucket closes when a poll of a
 * later bucket arrives or when drain() is called past its end (+ grace); closed buckets become
 * BucketRows for writeBuckets. A series seen in only some polls of the bucket (a CT started or
 * stopped) is kept with its own count: the layout is the union of the keys seen. Pure.
 *
 * The open bucket is lost if the process stops; everything coarser is rolled up from stored rows.
 */

/**
 * One stored bucket of one node, values aligned to `keys` (sorted by compareSeriesKeys). `keys`
 * is shared between a node's rows while its series do not change: treat it as immutable.
 */
export interface BucketRow {
  nodeId: number;
  resolutionMs: number;
  /** Bucket start, epoch ms. */
  bucket: number;
  /** Polls that went into the bucket. */
  samples: number;
  keys: string[];
  /** NaN where a series had no value in the bucket (not applicable, or unlimited). */
  avg: number[];
  max: number[];
  /**
   * Per series, the polls it was in (a NaN value counts: the series was there); null when all
   * equal `samples`, as they do unless CTs came or went. Averages are weighted by these.
   */
  counts: number[] | null;
  /** Last barrier/limit seen; Infinity = unlimited, NaN = not applicable. */
  barrier: number[];
  limit: number[];
}

/**
 * A node's series keys, kept from bucket to bucket: a node lists the same ~1,500 series in every
 * poll, so the index is built once, not once a minute, and the per-slot figures live in typed
 * arrays that are cleared, not reallocated. A key that stops appearing keeps its slot (unseen
 * slots are left out of the row); the layout is rebuilt when over half of it is stale.
 */
interface Layout {
  keys: string[];
  /**
   * Key → slot, built on the first poll whose order differs from the last one's and dropped when
   * the bucket closes: a node's polls list their series in the same order, so the positional guess
   * finds every slot, and 1000 nodes' maps of ~1,300 keys each were ~57 MB of live heap that every
   * full garbage collection marked.
   */
  index: Map<string, number> | null;
  /** Slot order by compareSeriesKeys and the sorted keys, cached while no key is added. */
  sorted: { order: Int32Array; keys: string[] } | null;
}

const newLayout = (): Layout => ({ keys: [], index: null, sorted: null });

function indexOf(layout: Layout): Map<string, number> {
  return (layout.index ??= new Map(layout.keys.map((k, i) => [k, i])));
}

/**
 * Per-slot figures of the open bucket, each with the value an unseen slot holds:
 *   count  polls the series was in (what is stored as its count);
 *   valid  of those, polls with a value (not NaN): the average's divisor;
 *   stamp  the poll (samples count, from 1) that last touched the slot, 0 = unseen in this bucket:
 *          a key twice in one poll counts once;
 *   barrier, limit  the last seen.
 */
const SLOT_FIELDS = { sum: 0, count: 0, valid: 0, stamp: 0, max: -Infinity, barrier: NaN, limit: NaN } as const;
type SlotField = keyof typeof SLOT_FIELDS;
type Slots = Record<SlotField, Float64Array>;
const SLOT_ENTRIES = Object.entries(SLOT_FIELDS) as [SlotField, number][];

/** Slots for `size` series, unseen, or holding `from`'s figures in its first slots. */
function newSlots(size: number, from?: Slots): Slots {
  const make = (field: SlotField) => {
    const a = new Float64Array(size).fill(SLOT_FIELDS[field]);
    if (from) a.set(from[field]);
    return a;
  };
  // A literal, not fields added in a loop: the add() loop reads these on every series of every poll.
  return { sum: make('sum'), count: make('count'), valid: make('valid'), stamp: make('stamp'), max: make('max'), barrier: make('barrier'), limit: make('limit') };
}

function clearSlots(slots: Slots): void {
  for (const [field, unseen] of SLOT_ENTRIES) slots[field].fill(unseen);
}

interface OpenBucket {
  bucket: number;
  samples: number;
  /** Slots seen in this bucket so far. */
  seen: number;
}

export interface AccumulatorOptions {
  /** drain(now) closes a bucket only once now ≥ its end + graceMs, so a poll that started just
   * before the end but finished after it still counts. Default 0. */
  graceMs?: number;
}

export class NodeHistoryAccumulator {
  private open: OpenBucket | null = null;
  private closed: BucketRow[] = [];
  private lastClosed = -Infinity;
  private layout: Layout = newLayout();
  private slots = newSlots(0);
  /**
   * The last poll's slot per position (its first prevLength entries) and a spare the next poll
   * writes into; the two swap after each poll. A fresh Int32Array per poll was ~6 kB of memory
   * outside V8's heap each time, which counts towards the 64 MB that start a full collection.
   */
  private prevSlots = new Int32Array(0);
  private prevLength = 0;
  private spareSlots = new Int32Array(0);
  private readonly graceMs: number;

  constructor(
    readonly nodeId: number,
    readonly resolutionMs: number,
    options: AccumulatorOptions = {},
  ) {
    this.graceMs = options.graceMs ?? 0;
  }

  /** Adds one poll taken at `atMs`. False (and nothing changes) when its bucket was closed already. */
  add(atMs: number, series: readonly SeriesSample[]): boolean {
    return this.addEmitted(atMs, (put) => {
      for (const s of series) put(s.key, s.value, s.barrier, s.limit);
    });
  }

  /**
   * add() for a poll whose series are handed over one by one (series.ts emitSeries): `emit` calls
   * `put` once per series, in the poll's order. Not called when the bucket was closed already.
   */
  addEmitted(atMs: number, emit: (put: SeriesSink) => void): boolean {
    const b = bucketStart(atMs, this.resolutionMs);
    if (b <= this.lastClosed || (this.open && b < this.open.bucket)) return false;
    if (this.open && b > this.open.bucket) this.close();
    const o: OpenBucket = (this.open ??= { bucket: b, samples: 0, seen: 0 });
    o.samples++;
    const layout = this.layout;
    const prevSlots = this.prevSlots;
    const prevLength = this.prevLength;
    // This poll's slot per position, in the spare: at least as long as the last poll's, grown if
    // this one lists more. Only its first p entries are ever read.
    let slots = this.spareSlots.length >= Math.max(prevLength, 16) ? this.spareSlots : new Int32Array(Math.max(Math.ceil(prevLength * 1.25), 16));
    let p = 0;
    emit((key, value, barrier, limit) => {
      // Polls of a node list their series in the same order, so the previous poll's slot for the
      // same position is tried first (a slot holds one key, so a match is right); the map only
      // when the order changed or a key is new.
      const guess = p < prevLength ? prevSlots[p]! : -1;
      let i = guess >= 0 && layout.keys[guess] === key ? guess : indexOf(layout).get(key);
      if (i === undefined) {
        i = layout.keys.length;
        indexOf(layout).set(key, i);
        layout.keys.push(key);
        layout.sorted = null;
        if (i >= this.slots.sum.length) this.slots = newSlots(Math.max(16, Math.ceil((i + 1) * 1.25)), this.slots);
      }
      if (p >= slots.length) {
        const grown = new Int32Array(slots.length * 2);
        grown.set(slots);
        slots = grown;
      }
      slots[p++] = i;
      const f = this.slots;
      if (f.stamp[i] === o.samples) return; // the same key again in this poll: the first counts
      if (f.stamp[i] === 0) o.seen++;
      f.stamp[i] = o.samples;
      f.count[i]!++;
      if (!Number.isNaN(value)) {
        f.sum[i]! += value;
        f.valid[i]!++;
        if (value > f.max[i]!) f.max[i] = value;
      }
      f.barrier[i] = barrier;
      f.limit[i] = limit;
    });
    this.spareSlots = prevSlots;
    this.prevSlots = slots;
    this.prevLength = p;
    return true;
  }

  /** The closed buckets since the last drain, closing the open one if nowMs is past its end + grace. */
  drain(nowMs: number): BucketRow[] {
    if (this.open && nowMs >= this.open.bucket + this.resolutionMs + this.graceMs) this.close();
    const rows = this.closed;
    this.closed = [];
    return rows;
  }

  /** Start of the bucket being filled, or null. */
  get openBucket(): number | null {
    return this.open?.bucket ?? null;
  }

  private close(): void {
    const o = this.open!;
    this.open = null;
    this.lastClosed = o.bucket;
    const layout = this.layout;
    const f = this.slots;
    const n = layout.keys.length;
    let order: Int32Array;
    let keys: string[];
    const all = (layout.sorted ??= sortedSlots(layout.keys));
    if (o.seen === n) {
      ({ order, keys } = all);
    } else {
      // Some series were not in this bucket (a bucket without a full poll, a CT gone): the cached
      // order without them, instead of sorting the node's ~1,300 keys again every minute.
      order = all.order.filter((i) => f.stamp[i] !== 0);
      keys = Array.from(order, (i) => layout.keys[i]!);
    }
    // One indexed loop into plain arrays (the figures are doubles, NaN included; the order is
    // int32). Five Array.from(order, fn) made a node's minute-closing poll cost 0.37 ms instead of
    // 0.15 (1,300 series), 0.4 s of CPU a minute at 1000 nodes.
    const len = order.length;
    const counts = new Array<number>(len);
    const avg = new Array<number>(len);
    const max = new Array<number>(len);
    const barrier = new Array<number>(len);
    const limit = new Array<number>(len);
    let allCounted = true;
    for (let j = 0; j < len; j++) {
      const i = order[j]!;
      const valid = f.valid[i]!;
      counts[j] = f.count[i]!;
      if (counts[j] !== o.samples) allCounted = false;
      avg[j] = valid > 0 ? f.sum[i]! / valid : NaN;
      max[j] = valid > 0 ? f.max[i]! : NaN;
      barrier[j] = f.barrier[i]!;
      limit[j] = f.limit[i]!;
    }
    this.closed.push({
      nodeId: this.nodeId,
      resolutionMs: this.resolutionMs,
      bucket: o.bucket,
      samples: o.samples,
      keys,
      avg,
      max,
      counts: allCounted ? null : counts,
      barrier,
      limit,
    });
    if (o.seen * 2 < n) {
      // Most of the layout went unseen (CTs migrated away): start the next bucket with a fresh one.
      this.layout = newLayout();
      this.slots = newSlots(0);
      // No position guesses from the old layout; its two slot arrays are reused as they are.
      this.prevLength = 0;
    } else {
      clearSlots(f);
      layout.index = null;
    }
  }
}

/**
 * All slots in key order. The order is an Int32Array: it lives as long as the node's layout,
 * and a typed array is one object to the garbage collector where a number[] of ~1,300 is 1,300 slots
 * it visits at every full collection.
 */
function sortedSlots(keys: readonly string[]): { order: Int32Array; keys: string[] } {
  const slots = Array.from(keys, (_, i) => i);
  const order = Int32Array.from(slots.sort((x, y) => compareSeriesKeys(keys[x]!, keys[y]!)));
  return { order, keys: Array.from(order, (i) => keys[i]!) };
}


/** One accumulator per node, drained together once per sweep so the writes are batched. */
export class FleetHistoryAccumulator {
  private readonly nodes = new Map<number, NodeHistoryAccumulator>();

  constructor(
    readonly resolutionMs: number,
    private readonly options: AccumulatorOptions = {},
  ) {}

  add(nodeId: number, atMs: number, series: readonly SeriesSample[]): boolean {
    return this.node(nodeId).add(atMs, series);
  }

  /** add() with the series handed over one by one (NodeHistoryAccumulator.addEmitted). */
  addEmitted(nodeId: number, atMs: number, emit: (put: SeriesSink) => void): boolean {
    return this.node(nodeId).addEmitted(atMs, emit);
  }

  private node(nodeId: number): NodeHistoryAccumulator {
    let acc = this.nodes.get(nodeId);
    if (!acc) this.nodes.set(nodeId, (acc = new NodeHistoryAccumulator(nodeId, this.resolutionMs, this.options)));
    return acc;
  }

  /** The closed buckets since the last drain, closing the open one if nowMs is past its end + grace. */
  drain(nowMs: number): BucketRow[] {
    const rows: BucketRow[] = [];
    for (const acc of this.nodes.values()) rows.push(...acc.drain(nowMs));
    return rows;
  }

  /** Forgets a node (removed from the inventory); its open bucket is dropped. */
  remove(nodeId: number): void {
    this.nodes.delete(nodeId);
  }
}
