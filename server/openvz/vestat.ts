import { failAt, parseCount, splitNonEmpty, tokens } from './tool-text';

/**
 * /proc/vz/vestat ("Version: 2.2", docs/openvz/FORMATS.md §2). Columns 6–12 are nanoseconds on 2.6.32 and
 * CPU cycles on 2.6.18, and on 32-bit 2.6.18 nodes they outgrow a JS number (1.6×10¹⁷), so they
 * stay exact decimal strings; use `computeCpuBusyFraction` for the Δused/Δuptime ratio.
 */
export interface VestatRow {
  ctId: string;
  /** Kernel ticks (jiffies). */
  user: number;
  nice: number;
  system: number;
  uptimeJiffies: number;
  /** ns (2.6.32) or CPU cycles (2.6.18), exact decimal strings. */
  idle: string;
  strv: string;
  uptimeClock: string;
  used: string;
  maxlat: string;
  totlat: string;
  numsched: string;
}

export interface Vestat {
  version: string;
  containers: VestatRow[];
}

const TOOL = 'vestat' as const;
const HEADER = 'VEID user nice system uptime idle strv uptime used maxlat totlat numsched';

export function parseVestat(text: string): Vestat {
  const lines = splitNonEmpty(TOOL, text);
  const first = lines[0]!;
  const m = /^Version:\s*(\S+)\s*$/.exec(first.text);
  if (!m) failAt(first, 'expected "Version: 2.2"');
  const header = lines[1];
  if (header === undefined) failAt(first, 'no column header (truncated)');
  if (tokens(header.text).join(' ') !== HEADER) failAt(header, `expected the header "${HEADER}"`);
  const containers = lines.slice(2).map((line): VestatRow => {
    const t = tokens(line.text);
    if (t.length !== 12) failAt(line, `expected 12 columns, found ${t.length}`);
    const bad = t.find((x) => !/^\d+$/.test(x));
    if (bad !== undefined) failAt(line, `not a non-negative integer: ${JSON.stringify(bad)}`);
    const n = (i: number, what: string) => parseCount(line, t[i]!, what);
    return {
      ctId: t[0]!,
      user: n(1, 'user'),
      nice: n(2, 'nice'),
      system: n(3, 'system'),
      uptimeJiffies: n(4, 'uptime'),
      idle: t[5]!,
      strv: t[6]!,
      uptimeClock: t[7]!,
      used: t[8]!,
      maxlat: t[9]!,
      totlat: t[10]!,
      numsched: t[11]!,
    };
  });
  return { version: m[1]!, containers };
}

/**
 * Busy fraction of one CPU between two samples of the same CT: Δused / Δuptime (columns 9 and 8),
 * exact in bigint, then a plain number. null when the CT restarted or no time passed.
 */
export function computeCpuBusyFraction(prev: Pick<VestatRow, 'used' | 'uptimeClock'>, next: Pick<VestatRow, 'used' | 'uptimeClock'>): number | null {
  const dUsed = BigInt(next.used) - BigInt(prev.used);
  const dUptime = BigInt(next.uptimeClock) - BigInt(prev.uptimeClock);
  if (dUptime <= BigInt(0) || dUsed < BigInt(0)) return null;
  // Scale to parts per billion before leaving bigint, so the ratio keeps its precision.
  return Number((dUsed * BigInt(1_000_000_000)) / dUptime) / 1e9;
}
