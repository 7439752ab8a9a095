import { type Line, failAt, failWhole, parseCount, splitNonEmpty } from './tool-text';

/** /proc/meminfo: the node totals vzmemcheck and vzoversell use (docs/openvz/FORMULAS.md §2, §4). */
export interface Meminfo {
  memTotalKb: number;
  memFreeKb: number | null;
  swapTotalKb: number;
  swapFreeKb: number | null;
  /** Only on 32-bit (highmem) kernels; vzmemcheck falls back to MemTotal. */
  lowTotalKb: number | null;
  /** Every line, by key, in kB (or a plain count for keys such as HugePages_Total). */
  raw: Record<string, number>;
}

const TOOL = 'meminfo' as const;

function tokeniseLine(line: Line): [string, string] {
  const m = /^([A-Za-z0-9_()]+):\s+(\S+)(?:\s+kB)?\s*$/.exec(line.text);
  if (!m) failAt(line, 'expected "<Key>: <number> [kB]"');
  return [m[1]!, m[2]!];
}

export function parseMeminfo(text: string): Meminfo {
  const raw: Record<string, number> = {};
  for (const line of splitNonEmpty(TOOL, text)) {
    const [key, value] = tokeniseLine(line);
    raw[key] = parseCount(line, value, key);
  }
  const memTotalKb = raw.MemTotal;
  if (memTotalKb === undefined) failWhole(TOOL, 'no MemTotal line');
  const swapTotalKb = raw.SwapTotal;
  if (swapTotalKb === undefined) failWhole(TOOL, 'no SwapTotal line');
  return {
    memTotalKb,
    memFreeKb: raw.MemFree ?? null,
    swapTotalKb,
    swapFreeKb: raw.SwapFree ?? null,
    lowTotalKb: raw.LowTotal ?? null,
    raw,
  };
}
