import { type Beancounter, type BeancounterBlock, PAGE_SIZE } from '../beancounters';

/**
 * Dashboard-ready memory figures per CT (docs/openvz/FORMULAS.md §1.4–1.5) and the node's oversell ratios as
 * vzoversell defines them (§4). Everything in bytes or plain fractions, null when the figure
 * does not exist (row absent, or unlimited).
 */

export interface VswapMemory {
  /** physpages.limit is finite: the same test vzlist uses for its `vswap` field. */
  isVswap: boolean;
  /** physpages.held × 4096: RSS with shared pages charged fractionally. */
  ramUsedBytes: number | null;
  /** VSwap only; a pre-VSwap CT has no real RAM limit. */
  ramLimitBytes: number | null;
  /** swappages is only in /proc/bc/resources and vzlist, not /proc/user_beancounters. */
  swapUsedBytes: number | null;
  swapLimitBytes: number | null;
  /** privvmpages.held × 4096: the classic "burstable" allocated memory. */
  allocatedBytes: number | null;
  allocatedLimitBytes: number | null;
  /**
   * What to show as the CT's "memory": the RAM limit on VSwap, else the privvmpages limit —
   * before VSwap that was the limit customers bought.
   */
  memoryLimitBytes: number | null;
  /** kmemsize.held, already in bytes. */
  kernelMemoryBytes: number | null;
  /** numproc.held (processes and threads). */
  processes: number | null;
}

const bytesOf = (pages: number | null | undefined) => (pages == null ? null : pages * PAGE_SIZE);

export function computeVswapMemory(beancounters: readonly Beancounter[]): VswapMemory {
  const get = (r: string) => beancounters.find((b) => b.resource === r);
  const phys = get('physpages');
  const swap = get('swappages');
  const privvm = get('privvmpages');
  const isVswap = phys !== undefined && phys.limit !== null;
  const ramLimitBytes = isVswap ? bytesOf(phys.limit) : null;
  const allocatedLimitBytes = bytesOf(privvm?.limit);
  return {
    isVswap,
    ramUsedBytes: bytesOf(phys?.held),
    ramLimitBytes,
    swapUsedBytes: bytesOf(swap?.held),
    swapLimitBytes: isVswap ? bytesOf(swap?.limit) : null,
    allocatedBytes: bytesOf(privvm?.held),
    allocatedLimitBytes,
    memoryLimitBytes: isVswap ? ramLimitBytes : allocatedLimitBytes,
    kernelMemoryBytes: get('kmemsize')?.held ?? null,
    processes: get('numproc')?.held ?? null,
  };
}

/**
 * How vzoversell counts a CT's RAM: `vswap` (physpages.limit), `guessed` (flag R: a non-VSwap
 * CT with a limited privvmpages counts privvmpages.limit / 2) or `unlimited` (flag U: left out).
 */
export type OversellRam = 'vswap' | 'guessed' | 'unlimited';

export interface OversellRow {
  ctId: string;
  ram: OversellRam;
  /** Pages counted into the RAM total; null when left out (`unlimited`). */
  ramLimitPages: number | null;
  /** Pages counted into the swap total; an unlimited swap limit counts 0 (flag S). */
  swapLimitPages: number;
  /**
   * false for flag S, and also when there is no swappages row (/proc/user_beancounters): the
   * tool reads /proc/bc/resources and skips such a CT entirely; here its RAM still counts.
   */
  swapCounted: boolean;
}

export interface NodeOversell {
  /** MemTotal/4 and SwapTotal/4: kB to 4 KiB pages, as vzoversell does. */
  ramPages: number;
  swapPages: number;
  ramAllocatedPages: number;
  swapAllocatedPages: number;
  /** Allocated / available as fractions (1.5 = 150 %); null when nothing is available. */
  ramOversell: number | null;
  swapOversell: number | null;
  ramSwapOversell: number | null;
  containers: OversellRow[];
}

function oversellRow(block: BeancounterBlock): OversellRow {
  const get = (r: string) => block.beancounters.find((b) => b.resource === r);
  const physLimit = get('physpages')?.limit ?? null;
  const vmLimit = get('privvmpages')?.limit ?? null;
  const swapLimit = get('swappages')?.limit ?? null;
  // vzoversell also treats a physpages limit of 0 as "not a VSwap config".
  let ram: OversellRam = 'vswap';
  let ramLimitPages: number | null = physLimit;
  if (physLimit === null || physLimit === 0) {
    ram = vmLimit === null ? 'unlimited' : 'guessed';
    ramLimitPages = vmLimit === null ? null : vmLimit / 2;
  }
  return { ctId: block.ctId, ram, ramLimitPages, swapLimitPages: swapLimit ?? 0, swapCounted: swapLimit !== null };
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

/** vzoversell: Σ of the CTs' RAM and swap limits against the node's (CT0 is not a CT: skipped). */
export function computeNodeOversell(
  blocks: readonly BeancounterBlock[],
  meminfo: { memTotalKb: number; swapTotalKb: number },
  runningCtIds?: ReadonlySet<string>,
): NodeOversell {
  const containers = blocks
    .filter((b) => b.ctId !== '0' && (runningCtIds === undefined || runningCtIds.has(b.ctId)))
    .map(oversellRow);
  const ramPages = meminfo.memTotalKb / 4;
  const swapPages = meminfo.swapTotalKb / 4;
  const ramAllocatedPages = containers.reduce((s, c) => s + (c.ramLimitPages ?? 0), 0);
  const swapAllocatedPages = containers.reduce((s, c) => s + c.swapLimitPages, 0);
  return {
    ramPages,
    swapPages,
    ramAllocatedPages,
    swapAllocatedPages,
    ramOversell: ratio(ramAllocatedPages, ramPages),
    swapOversell: ratio(swapAllocatedPages, swapPages),
    ramSwapOversell: ratio(ramAllocatedPages + swapAllocatedPages, ramPages + swapPages),
    containers,
  };
}
