import type { BeancounterBlock } from '../openvz/beancounters';
import {
  computeCpuGuarantees,
  computeNodeMemoryCommitment,
  computeNodeMemoryTotals,
  MEMORY_COLUMNS,
  type MemoryColumn,
  type NodeCpuCommitment,
  type NodeMemoryCommitment,
} from '../openvz/formulas';
import type { Vzcpucheck } from '../openvz/vzcpucheck';
import { CT_DERIVED, ctDerivedKey, ctSeriesKey, NODE_FIGURES, nodeSeriesKey, type CtDerived, type NodeFigure } from '../../vocabulary/series-key';

/**
 * The series of one poll of one node: every figure history keeps, as flat (key, value, barrier,
 * limit) samples. Pure.
 *
 * Key grammar: vocabulary/series-key.ts.
 *
 * Values:
 *   ct/<id>/<resource>     held, in the beancounter's own unit (pages, bytes or a count); barrier and
 *                          limit alongside, Infinity when unlimited (LONG_MAX).
 *   ct/<id>/@allocCommit   the CT's vzmemcheck "Alloc commit": (vmguarpages barrier + kernel and
 *                          socket limits) / (RAM + swap); NaN when one of them is unlimited.
 *   ct/<id>/@cpuGuarantee  cpuunits / node power: the share of the node promised to the CT.
 *   ct/<id>/@diskspace     disk quota use in KiB; barrier = soft limit, limit = hard limit
 *   ct/<id>/@diskinodes    inodes used; barrier = soft, limit = hard (0 or absent = none = Infinity).
 *   node/<memory column>   vzmemcheck's summary over the running CTs, as a fraction (1 = 100 %);
 *                          commit columns leave out CTs for which they are unlimited.
 *   node/cpuCommitted      vzcpucheck's utilization / power (above 1: guarantees exceed the node).
 *   node/runningCts        CTs vzlist shows running.
 *   node/failcnt           Σ failcnt over every beancounter of the node (CT0 included).
 * Barrier and limit are NaN ("not applicable") for everything but beancounters and disk quotas.
 * Values are stored as float4: exact up to 2^24, then to about 7 significant digits.
 */

/**
 * What the series need of one poll: the fields they read, in the parsers' types. The collector's
 * NodeSnapshot fits it, and history does not depend on the collector that depends on it.
 */
export interface SeriesSnapshot {
  beancounters: BeancounterBlock[];
  containers: ReadonlyArray<{
    ctId: string;
    status: string;
    cpuunits: number | null;
    quota: { blocksUsage: number | null; blocksSoft: number | null; blocksHard: number | null; inodesUsage: number | null; inodesSoft: number | null; inodesHard: number | null };
  }>;
  cpu: Vzcpucheck | null;
  memory: { memTotalKb: number; swapTotalKb: number; lowTotalKb: number | null } | null;
}

export interface SeriesSample {
  key: string;
  value: number;
  /** Infinity = unlimited, NaN = not applicable. */
  barrier: number;
  limit: number;
}

/** The derived figures of one snapshot, from the pure formulas; computed once, shared with others. */
export interface HistoryDerived {
  /** vzmemcheck over the running CTs; null without /proc/meminfo. */
  memory: NodeMemoryCommitment | null;
  /** CPU guarantees; null without vzcpucheck. */
  cpu: NodeCpuCommitment | null;
}

// Every vzmemcheck column is a node figure: a new column fails to compile until the key grammar has it.
const _memoryColumnsAreNodeFigures: readonly NodeFigure[] = MEMORY_COLUMNS;

/** The order keys are stored in (plain code-unit order: a CT's series lie side by side). */
export function compareSeriesKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const isRunning = (status: string) => status === 'running';

export interface HistoryDerivedOptions {
  /** Logical CPUs of the node; only the CPU cap shares depend on it, and history does not keep them. */
  nodeCpus?: number;
}

export function computeHistoryDerived(snapshot: SeriesSnapshot, options: HistoryDerivedOptions = {}): HistoryDerived {
  const running = new Set(snapshot.containers.filter((c) => isRunning(c.status)).map((c) => c.ctId));
  const memory = snapshot.memory
    ? computeNodeMemoryCommitment(snapshot.beancounters, computeNodeMemoryTotals(snapshot.memory), running)
    : null;
  let cpu: NodeCpuCommitment | null = null;
  if (snapshot.cpu && snapshot.cpu.nodePower > 0) {
    const settings =
      snapshot.cpu.containers ??
      snapshot.containers.filter((c) => isRunning(c.status) && c.cpuunits !== null).map((c) => ({ ctId: c.ctId, cpuunits: c.cpuunits! }));
    cpu = computeCpuGuarantees(settings, snapshot.cpu.nodePower, options.nodeCpus ?? 1);
  }
  return { memory, cpu };
}

/** A quota limit of 0 or none means "no limit" (computeQuotaUse's rule), stored as Infinity. */
const quotaLimit = (v: number | null) => (v === null || v === 0 ? Infinity : v);
const limitOf = (v: number | null) => (v === null ? Infinity : v);

/**
 * A flat copy of a key: one string object. A key built by concatenation is a V8 cons string, and
 * each node kept ~1,500 of them alive between polls for every full collection to mark (a heap
 * snapshot at 200 nodes held 308k). Measured on 1000 nodes' worth of keys (1.44M), a full
 * collection cost ~300 ms of CPU with cons strings, ~230 ms with interned ones (the string table
 * is swept each time) and ~120 ms with flat copies, in a heap 35 MB smaller. Joining the parts
 * gives a flat string without touching the string table or allocating a Buffer; every key of the
 * grammar has a "/" to split at.
 */
export function flatKey(key: string): string {
  return key.split('/').join('/');
}

/** `@<figure>`, the name a derived figure has among a CT's series, made once. */
const DERIVED_NAME = Object.fromEntries(CT_DERIVED.map((f) => [f, `@${f}`])) as Record<CtDerived, string>;
/** Node keys, made once (each poll asked for eleven new ones). */
const NODE_KEY = Object.fromEntries(NODE_FIGURES.map((f) => [f, flatKey(nodeSeriesKey(f))])) as Record<NodeFigure, string>;

/**
 * The keys of one node's CT series, built once and handed out again: a node lists the same ~1,500
 * series every poll, and the same key string makes the accumulator's slot check an identity test.
 * Kept by position: a poll asks for its series in the last poll's order, so the series asked at the
 * same position is tried first (one string comparison where two Map lookups and a Set insert per
 * series were ~3 % of the collector's CPU at 1000 nodes); a lookup table of the last poll's keys
 * is built only when a poll strays from that order. A CT the last poll did not ask about is forgotten.
 */
export class SeriesKeyCache {
  private ctIds: string[] = [];
  private names: string[] = [];
  private keys: string[] = [];
  /** Entries the last poll asked for; `at` is this poll's position. */
  private length = 0;
  private at = 0;
  private byName: Map<string, string> | null = null;

  /** `ct/<id>/<resource>` */
  ct(ctId: string, resource: string): string {
    return this.get(ctId, resource, ctSeriesKey);
  }

  /** `ct/<id>/@<figure>`: kept apart from resources by the "@" the key itself carries. */
  derived(ctId: string, figure: CtDerived): string {
    return this.get(ctId, DERIVED_NAME[figure], () => ctDerivedKey(ctId, figure));
  }

  private get(ctId: string, name: string, make: (ctId: string, name: string) => string): string {
    const p = this.at++;
    if (p < this.length && this.names[p] === name && this.ctIds[p] === ctId) return this.keys[p]!;
    // Out of order, or new: the last poll's keys by name, indexed before this poll overwrites any.
    this.byName ??= this.lastPollByName();
    const key = this.byName.get(`${ctId}\n${name}`) ?? flatKey(make(ctId, name));
    this.ctIds[p] = ctId;
    this.names[p] = name;
    this.keys[p] = key;
    return key;
  }

  private lastPollByName(): Map<string, string> {
    const m = new Map<string, string>();
    for (let i = 0; i < this.length; i++) m.set(`${this.ctIds[i]}\n${this.names[i]}`, this.keys[i]!);
    return m;
  }

  /** CTs with keys kept. */
  get size(): number {
    return new Set(this.ctIds.slice(0, Math.max(this.length, this.at))).size;
  }

  /** Called after each poll: what it asked for becomes what the next poll is tried against. */
  sweep(): void {
    this.length = this.at;
    this.at = 0;
    this.byName = null;
    // A poll that asked for fewer series than the last: its keys are all that is kept.
    if (this.keys.length > this.length) for (const a of [this.ctIds, this.names, this.keys]) a.length = this.length;
  }
}

/** Receives one series of a poll: what snapshotSeries would have listed, without the object. */
export type SeriesSink = (key: string, value: number, barrier: number, limit: number) => void;

/** All series of one poll. Pass `derived` when it was computed already (the collector shares it). */
export function snapshotSeries(snapshot: SeriesSnapshot, derived: HistoryDerived = computeHistoryDerived(snapshot), keys?: SeriesKeyCache): SeriesSample[] {
  const out: SeriesSample[] = [];
  emitSeries(snapshot, derived, keys, (key, value, barrier, limit) => out.push({ key, value, barrier, limit }));
  return out;
}

/**
 * The series of snapshotSeries, handed one by one to `sink` in the same order: the collector feeds
 * its accumulator this way, ~1,600 sample objects a poll fewer for the GC.
 */
export function emitSeries(snapshot: SeriesSnapshot, derived: HistoryDerived, keys: SeriesKeyCache | undefined, push: SeriesSink): void {
  // A key repeated by a malformed listing is not filtered here: the accumulator keeps the first.
  const dk = (ctId: string, figure: CtDerived) => (keys ? keys.derived(ctId, figure) : ctDerivedKey(ctId, figure));

  let failcnt = 0;
  for (const block of snapshot.beancounters) {
    for (const b of block.beancounters) {
      push(keys ? keys.ct(block.ctId, b.resource) : ctSeriesKey(block.ctId, b.resource), b.held, limitOf(b.barrier), limitOf(b.limit));
      failcnt += b.failcnt;
    }
  }

  if (derived.memory) {
    for (const c of derived.memory.containers) push(dk(c.ctId, 'allocCommit'), c.allocCommit ?? NaN, NaN, NaN);
    const summary = derived.memory.summary;
    for (const col of MEMORY_COLUMNS as readonly MemoryColumn[]) push(NODE_KEY[col], summary[col], NaN, NaN);
  }
  if (derived.cpu) {
    for (const c of derived.cpu.containers) push(dk(c.ctId, 'cpuGuarantee'), c.guaranteedShare, NaN, NaN);
  }
  if (snapshot.cpu && snapshot.cpu.nodePower > 0) {
    push(NODE_KEY.cpuCommitted, snapshot.cpu.currentUtilization / snapshot.cpu.nodePower, NaN, NaN);
  }

  let running = 0;
  for (const c of snapshot.containers) {
    const q = c.quota;
    if (q.blocksUsage !== null) push(dk(c.ctId, 'diskspace'), q.blocksUsage, quotaLimit(q.blocksSoft), quotaLimit(q.blocksHard));
    if (q.inodesUsage !== null) push(dk(c.ctId, 'diskinodes'), q.inodesUsage, quotaLimit(q.inodesSoft), quotaLimit(q.inodesHard));
    if (isRunning(c.status)) running++;
  }
  push(NODE_KEY.runningCts, running, NaN, NaN);
  push(NODE_KEY.failcnt, failcnt, NaN, NaN);
  keys?.sweep();
}
