import { compareSeriesKeys, type SeriesSample } from './series';
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

interface OpenBucket {
  bucket: number;
  samples: number;
  index: Map<string, number>;
  keys: string[];
  sum: number[];
  /** Polls the series was in (what is stored as its count). */
  count: number[];
  /** Of those, polls with a value (not NaN): the average's divisor. */
  valid: number[];
  /** The poll (samples count) that last touched the series: a key twice in one poll counts once. */
  stamp: number[];
  max: number[];
  barrier: number[];
  limit: number[];
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
  private prevSlots: readonly number[] = [];
  private prevOrder: number[] | null = null;
  private prevInsertKeys: readonly string[] = [];
  private prevSortedKeys: string[] = [];
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
    const b = bucketStart(atMs, this.resolutionMs);
    if (b <= this.lastClosed || (this.open && b < this.open.bucket)) return false;
    if (this.open && b > this.open.bucket) this.close();
    const o: OpenBucket = (this.open ??= { bucket: b, samples: 0, index: new Map<string, number>(), keys: [], sum: [], count: [], valid: [], stamp: [], max: [], barrier: [], limit: [] });
    o.samples++;
    // Polls of a node list their series in the same order, so the previous poll's slot for the
    // same position is tried first (a slot holds one key, so a match is right); the map, which
    // hashes every new key string, only when the order changed or a new bucket began.
    const prevSlots = this.prevSlots;
    const slots = new Array<number>(series.length);
    for (let p = 0; p < series.length; p++) {
      const s = series[p]!;
      const guess = prevSlots[p];
      let i = guess !== undefined && o.keys[guess] === s.key ? guess : o.index.get(s.key);
      if (i === undefined) {
        i = o.keys.length;
        o.index.set(s.key, i);
        o.keys.push(s.key);
        o.sum.push(0);
        o.count.push(0);
        o.valid.push(0);
        o.stamp.push(0);
        o.max.push(-Infinity);
        o.barrier.push(NaN);
        o.limit.push(NaN);
      }
      slots[p] = i;
      if (o.stamp[i] === o.samples) continue; // the same key again in this poll: the first counts
      o.stamp[i] = o.samples;
      const v = s.value;
      o.count[i]!++;
      if (!Number.isNaN(v)) {
        o.sum[i]! += v;
        o.valid[i]!++;
        if (v > o.max[i]!) o.max[i] = v;
      }
      o.barrier[i] = s.barrier;
      o.limit[i] = s.limit;
    }
    this.prevSlots = slots;
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
    // Sorted order of the keys as first seen; the same as last bucket's as long as the node's
    // series did not change, and then the sorted keys array itself is reused (cheap to hash).
    let order: number[];
    let keys: string[];
    if (this.prevOrder && sameKeys(this.prevInsertKeys, o.keys)) {
      order = this.prevOrder;
      keys = this.prevSortedKeys;
    } else {
      order = o.keys.map((_, i) => i).sort((x, y) => compareSeriesKeys(o.keys[x]!, o.keys[y]!));
      keys = order.map((i) => o.keys[i]!);
      this.prevOrder = order;
      this.prevInsertKeys = o.keys;
      this.prevSortedKeys = keys;
    }
    const counts = order.map((i) => o.count[i]!);
    this.closed.push({
      nodeId: this.nodeId,
      resolutionMs: this.resolutionMs,
      bucket: o.bucket,
      samples: o.samples,
      keys,
      avg: order.map((i) => (o.valid[i]! > 0 ? o.sum[i]! / o.valid[i]! : NaN)),
      max: order.map((i) => (o.valid[i]! > 0 ? o.max[i]! : NaN)),
      counts: counts.every((c) => c === o.samples) ? null : counts,
      barrier: order.map((i) => o.barrier[i]!),
      limit: order.map((i) => o.limit[i]!),
    });
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One accumulator per node, drained together once per sweep so the writes are batched. */
export class FleetHistoryAccumulator {
  private readonly nodes = new Map<number, NodeHistoryAccumulator>();

  constructor(
    readonly resolutionMs: number,
    private readonly options: AccumulatorOptions = {},
  ) {}

  add(nodeId: number, atMs: number, series: readonly SeriesSample[]): boolean {
    let acc = this.nodes.get(nodeId);
    if (!acc) this.nodes.set(nodeId, (acc = new NodeHistoryAccumulator(nodeId, this.resolutionMs, this.options)));
    return acc.add(atMs, series);
  }

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
