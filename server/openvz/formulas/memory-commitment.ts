import { type Beancounter, type BeancounterBlock, PAGE_SIZE } from '../beancounters';
import type { VzmemcheckFigures } from '../vzmemcheck';

/**
 * vzmemcheck's eight columns computed from beancounters and node memory (docs/openvz/FORMULAS.md §2), so a
 * page can show them for any node without running the tool, and so the numbers can be checked
 * against the tool's own output.
 *
 * Unlimited: vzmemcheck multiplies LONG_MAX/INT_MAX like any number and prints absurd figures
 * (8388681.02 MB). Here a commit/limit column whose inputs include an unlimited barrier or limit
 * is `null`, is listed in `unlimited`, and is left out of the node sum (which names the CTs it
 * left out), because one unlimited CT would otherwise swamp the total and hide real overcommit.
 * `{ unlimitedAs }` restores the tool's arithmetic for comparisons with its output.
 */

export interface NodeMemoryInput {
  memTotalKb: number;
  /** null/absent when /proc/meminfo has no SwapTotal line: the tool then takes swap as 1 byte. */
  swapTotalKb?: number | null;
  /** Only 32-bit (highmem) kernels have LowTotal; without it the tool uses MemTotal. */
  lowTotalKb?: number | null;
}

export interface NodeMemoryTotals {
  ramBytes: number;
  swapBytes: number;
  /** 40 % of low memory: the share vzmemcheck allows for kernel memory and socket buffers. */
  lowMemBytes: number;
  ramSwapBytes: number;
}

export type MemoryColumn = keyof VzmemcheckFigures;
export type CommitColumn = 'lowmemCommit' | 'memswapCommit' | 'allocCommit' | 'allocLimit';
export type UtilColumn = Exclude<MemoryColumn, CommitColumn>;
/** Util columns use held values, which are always finite; commit columns may be unlimited. */
export type ContainerMemoryFigures = Record<UtilColumn, number> & Record<CommitColumn, number | null>;

export interface ContainerMemory extends ContainerMemoryFigures {
  /** The numerators in bytes (what `vzmemcheck -A` prints, divided by 2^20). */
  bytes: ContainerMemoryFigures;
  /** Required rows the CT lacks; non-empty means all figures are 0, as the tool does. */
  missing: string[];
  /** Commit columns whose inputs include an unlimited barrier/limit. */
  unlimited: CommitColumn[];
  allocLimitUnlimited: boolean;
}

export interface MemoryCommitmentOptions {
  /**
   * Tool-identical mode: use this raw number for every unlimited barrier/limit, as the tool reads
   * it (2147483647 on 32-bit kernels, 9223372036854775807 as a float on 64-bit). Nothing is
   * null then, and sums include everything. For comparing with vzmemcheck output only.
   */
  unlimitedAs?: number;
}

export type ContainerMemoryRow = ContainerMemory & { ctId: string };

export interface MemoryCommitmentSummary extends Record<MemoryColumn, number> {
  bytes: Record<MemoryColumn, number>;
  /** Per commit column, the CTs left out of its sum because it is unlimited for them. */
  excluded: Record<CommitColumn, string[]>;
}

export interface NodeMemoryCommitment {
  containers: ContainerMemoryRow[];
  summary: MemoryCommitmentSummary;
}

export const MEMORY_COLUMNS = [
  'lowmemUtil', 'lowmemCommit', 'ramUtil', 'memswapUtil', 'memswapCommit', 'allocUtil', 'allocCommit', 'allocLimit',
] as const satisfies readonly MemoryColumn[];
const COMMIT_COLUMNS = ['lowmemCommit', 'memswapCommit', 'allocCommit', 'allocLimit'] as const satisfies readonly CommitColumn[];

/** The tool refuses a CT lacking any of these (even the ones it does not use) and prints zeros. */
const REQUIRED = [
  'numproc', 'numtcpsock', 'numothersock', 'oomguarpages', 'vmguarpages', 'kmemsize', 'tcpsndbuf', 'tcprcvbuf',
  'othersockbuf', 'dgramrcvbuf', 'privvmpages', 'numfile', 'dcachesize', 'physpages', 'numpty',
] as const;
/** Kernel memory plus socket buffers: what must fit in low memory ("net" in the tool). */
const NET = ['kmemsize', 'tcprcvbuf', 'tcpsndbuf', 'dgramrcvbuf', 'othersockbuf'] as const;


export function computeNodeMemoryTotals({ memTotalKb, swapTotalKb, lowTotalKb }: NodeMemoryInput): NodeMemoryTotals {
  const ramBytes = memTotalKb * 1024;
  const swapBytes = swapTotalKb == null ? 1 : swapTotalKb * 1024;
  // The tool keeps low memory in an unsigned long long, so 40 % of it is truncated to whole bytes.
  const lowMemBytes = Math.floor((lowTotalKb ?? memTotalKb) * 1024 * 0.4);
  return { ramBytes, swapBytes, lowMemBytes, ramSwapBytes: ramBytes + swapBytes };
}

const plus = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
const pages = (v: number | null) => (v === null ? null : v * PAGE_SIZE);

type Required = (typeof REQUIRED)[number];
const REQUIRED_SLOT = new Map<string, number>(REQUIRED.map((r, i) => [r, i]));
const slot = (r: Required) => REQUIRED_SLOT.get(r)!;
const OOMGUARPAGES = slot('oomguarpages');
const VMGUARPAGES = slot('vmguarpages');
const PRIVVMPAGES = slot('privvmpages');
const PHYSPAGES = slot('physpages');
const NET_SLOTS = NET.map(slot);

/**
 * The required rows by slot (REQUIRED's order), the last one of a name winning as a Map would; a
 * CT lacking one gets its name back instead. The collector runs this for every CT of every poll:
 * one pass, no per-CT map.
 */
function requiredRows(beancounters: readonly Beancounter[]): Beancounter[] | Required[] {
  const rows: (Beancounter | undefined)[] = new Array(REQUIRED.length).fill(undefined);
  for (const b of beancounters) {
    const i = REQUIRED_SLOT.get(b.resource);
    if (i !== undefined) rows[i] = b;
  }
  if (!rows.includes(undefined)) return rows as Beancounter[];
  return REQUIRED.filter((_, i) => rows[i] === undefined);
}

function numerators(rows: readonly Beancounter[], lim: (v: number | null) => number | null): ContainerMemoryFigures {
  let netHeld = 0;
  let netLim: number | null = 0;
  for (const i of NET_SLOTS) {
    netHeld += rows[i]!.held;
    netLim = plus(netLim, lim(rows[i]!.limit));
  }
  return {
    lowmemUtil: netHeld,
    lowmemCommit: netLim,
    ramUtil: rows[PHYSPAGES]!.held * PAGE_SIZE + netHeld,
    memswapUtil: rows[OOMGUARPAGES]!.held * PAGE_SIZE + netHeld,
    memswapCommit: plus(pages(lim(rows[OOMGUARPAGES]!.barrier)), netLim),
    allocUtil: rows[PRIVVMPAGES]!.held * PAGE_SIZE + netHeld,
    allocCommit: plus(pages(lim(rows[VMGUARPAGES]!.barrier)), netLim),
    allocLimit: plus(pages(lim(rows[PRIVVMPAGES]!.limit)), netLim),
  };
}

const div = (v: number | null, d: number) => (v === null ? null : v / d);
const identity = (v: number | null) => v;

export function computeContainerMemory(
  beancounters: Beancounter[],
  totals: NodeMemoryTotals,
  options: MemoryCommitmentOptions = {},
): ContainerMemory {
  const { ctId: _, ...memory } = containerMemoryRow('', beancounters, totals, options);
  return memory;
}

/**
 * One CT's row, built as one object literal: the collector computes this for every CT of every
 * poll, and spreading intermediate objects cost more than the arithmetic.
 */
function containerMemoryRow(ctId: string, beancounters: readonly Beancounter[], totals: NodeMemoryTotals, options: MemoryCommitmentOptions): ContainerMemoryRow {
  const rows = requiredRows(beancounters);
  if (typeof rows[0] === 'string') {
    const zeros = Object.fromEntries(MEMORY_COLUMNS.map((c) => [c, 0])) as ContainerMemoryFigures;
    return { ctId, ...zeros, bytes: { ...zeros }, missing: rows as Required[], unlimited: [], allocLimitUnlimited: false };
  }
  const found = rows as Beancounter[];
  const strict = numerators(found, identity);
  const unlimited = COMMIT_COLUMNS.filter((c) => strict[c] === null);
  const sub = options.unlimitedAs;
  const f = sub === undefined ? strict : numerators(found, (v) => v ?? sub);
  return {
    ctId,
    lowmemUtil: f.lowmemUtil / totals.lowMemBytes,
    lowmemCommit: div(f.lowmemCommit, totals.lowMemBytes),
    ramUtil: f.ramUtil / totals.ramBytes,
    memswapUtil: f.memswapUtil / totals.ramSwapBytes,
    memswapCommit: div(f.memswapCommit, totals.ramSwapBytes),
    allocUtil: f.allocUtil / totals.ramSwapBytes,
    allocCommit: div(f.allocCommit, totals.ramSwapBytes),
    allocLimit: div(f.allocLimit, totals.ramSwapBytes),
    bytes: f,
    missing: [],
    unlimited,
    allocLimitUnlimited: strict.allocLimit === null,
  };
}

/** Plain sums per column, as the tool's Summary line; unlimited (null) entries are left out and named. */
export function summarizeMemoryCommitment(rows: readonly ContainerMemoryRow[]): MemoryCommitmentSummary {
  const sums = Object.fromEntries(MEMORY_COLUMNS.map((c) => [c, 0])) as Record<MemoryColumn, number>;
  const bytes = { ...sums };
  const excluded = Object.fromEntries(COMMIT_COLUMNS.map((c) => [c, [] as string[]])) as Record<CommitColumn, string[]>;
  for (const row of rows) {
    for (const c of MEMORY_COLUMNS) {
      const f = row[c];
      const b = row.bytes[c];
      if (f === null || b === null) excluded[c as CommitColumn].push(row.ctId);
      else {
        sums[c] += f;
        bytes[c] += b;
      }
    }
  }
  return { ...sums, bytes, excluded };
}

/**
 * `vzmemcheck -v`: one row per CT (CT0 skipped; only running CTs when the running set is given,
 * as vzctl ≥ 3.0.26 does) and the summary.
 */
export function computeNodeMemoryCommitment(
  blocks: readonly BeancounterBlock[],
  totals: NodeMemoryTotals,
  runningCtIds?: ReadonlySet<string>,
  options: MemoryCommitmentOptions = {},
): NodeMemoryCommitment {
  const containers = blocks
    .filter((b) => b.ctId !== '0' && (runningCtIds === undefined || runningCtIds.has(b.ctId)))
    .map((b) => containerMemoryRow(b.ctId, b.beancounters, totals, options));
  return { containers, summary: summarizeMemoryCommitment(containers) };
}

/** The figures in the tool's printed units: percent (`vzmemcheck`) or MB (`vzmemcheck -A`). */
export function toVzmemcheckUnits(
  figures: Pick<ContainerMemory, MemoryColumn | 'bytes'>,
  unit: 'percent' | 'mbytes',
): Record<MemoryColumn, number | null> {
  const out = {} as Record<MemoryColumn, number | null>;
  for (const c of MEMORY_COLUMNS) {
    const v = unit === 'percent' ? figures[c] : figures.bytes[c];
    out[c] = v === null ? null : unit === 'percent' ? v * 100 : v / 2 ** 20;
  }
  return out;
}
