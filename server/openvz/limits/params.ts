/**
 * The limits an operator may change on a container, in the tools' own units, and how each is
 * shown (docs/openvz/LIMITS.md §1). Pure: no I/O.
 *
 * A beancounter is stored and sent in its kernel unit (pages, bytes or a count); people think in
 * MiB and KiB, so each has a display unit the editor converts to and from.
 */

/** Every beancounter vzctl can set on a legacy node (vzctl set --<name> <barrier>:<limit>). */
export const UBC_PARAMS = [
  'numproc', 'numtcpsock', 'numothersock', 'vmguarpages', 'kmemsize', 'tcpsndbuf', 'tcprcvbuf', 'othersockbuf',
  'dgramrcvbuf', 'oomguarpages', 'privvmpages', 'lockedpages', 'shmpages', 'physpages', 'swappages', 'numfile',
  'numflock', 'numpty', 'numsiginfo', 'dcachesize', 'numiptent',
] as const;
export type UbcParam = (typeof UBC_PARAMS)[number];

/** Single-value settings: CPU weight, cap, vCPUs and I/O priority. */
export const SCALAR_PARAMS = ['cpuunits', 'cpulimit', 'cpus', 'ioprio'] as const;
export type ScalarParam = (typeof SCALAR_PARAMS)[number];

/** VSwap memory (vzctl ≥ 3.0.30 on 2.6.32 kernels, and OpenVZ 7): --ram and --swap, in bytes. */
export const VSWAP_PARAMS = ['ram', 'swap'] as const;
export type VswapParam = (typeof VSWAP_PARAMS)[number];

/** Disk quota: soft:hard in KiB (--diskspace) or inodes (--diskinodes). */
export const QUOTA_PARAMS = ['diskspace', 'diskinodes'] as const;
export type QuotaParam = (typeof QUOTA_PARAMS)[number];

export type LimitParam = UbcParam | ScalarParam | VswapParam | QuotaParam;
export const LIMIT_PARAMS: readonly LimitParam[] = [...UBC_PARAMS, ...SCALAR_PARAMS, ...VSWAP_PARAMS, ...QUOTA_PARAMS];

export type KernelUnit = 'pages' | 'bytes' | 'count' | 'percent' | 'kib' | 'inodes';
export type DisplayUnit = 'MiB' | 'KiB' | 'count' | 'percent' | 'GiB';

export interface ParamInfo {
  kind: 'ubc' | 'scalar' | 'vswap' | 'quota';
  unit: KernelUnit;
  display: DisplayUnit;
  /** Kernel units per display unit (e.g. 256 pages per MiB). */
  perDisplay: number;
}

const PAGE = 4096;
const PAGES: ParamInfo = { kind: 'ubc', unit: 'pages', display: 'MiB', perDisplay: 2 ** 20 / PAGE };
const BYTES_KIB: ParamInfo = { kind: 'ubc', unit: 'bytes', display: 'KiB', perDisplay: 1024 };
const BYTES_MIB: ParamInfo = { kind: 'ubc', unit: 'bytes', display: 'MiB', perDisplay: 2 ** 20 };
const COUNT: ParamInfo = { kind: 'ubc', unit: 'count', display: 'count', perDisplay: 1 };

const UBC_INFO: Record<UbcParam, ParamInfo> = {
  numproc: COUNT, numtcpsock: COUNT, numothersock: COUNT, numfile: COUNT, numflock: COUNT, numpty: COUNT,
  numsiginfo: COUNT, numiptent: COUNT,
  vmguarpages: PAGES, oomguarpages: PAGES, privvmpages: PAGES, lockedpages: PAGES, shmpages: PAGES,
  physpages: PAGES, swappages: PAGES,
  // kernel memory and the dentry cache are megabytes on any real CT; socket buffers are kilobytes.
  kmemsize: BYTES_MIB, dcachesize: BYTES_MIB,
  tcpsndbuf: BYTES_KIB, tcprcvbuf: BYTES_KIB, othersockbuf: BYTES_KIB, dgramrcvbuf: BYTES_KIB,
};

export const PARAM_INFO: Record<LimitParam, ParamInfo> = {
  ...UBC_INFO,
  cpuunits: { kind: 'scalar', unit: 'count', display: 'count', perDisplay: 1 },
  cpulimit: { kind: 'scalar', unit: 'percent', display: 'percent', perDisplay: 1 },
  cpus: { kind: 'scalar', unit: 'count', display: 'count', perDisplay: 1 },
  ioprio: { kind: 'scalar', unit: 'count', display: 'count', perDisplay: 1 },
  ram: { kind: 'vswap', unit: 'bytes', display: 'MiB', perDisplay: 2 ** 20 },
  swap: { kind: 'vswap', unit: 'bytes', display: 'MiB', perDisplay: 2 ** 20 },
  diskspace: { kind: 'quota', unit: 'kib', display: 'GiB', perDisplay: 2 ** 20 },
  diskinodes: { kind: 'quota', unit: 'inodes', display: 'count', perDisplay: 1 },
};

export const isUbcParam = (p: string): p is UbcParam => (UBC_PARAMS as readonly string[]).includes(p);
export const isLimitParam = (p: string): p is LimitParam => (LIMIT_PARAMS as readonly string[]).includes(p);

/** A kernel value in its display unit (null = unlimited stays null). */
export function toDisplay(param: LimitParam, value: number | null): number | null {
  return value === null ? null : value / PARAM_INFO[param].perDisplay;
}

/** A display value back to whole kernel units, rounded down as vzctl's parser truncates. */
export function fromDisplay(param: LimitParam, value: number | null): number | null {
  return value === null ? null : Math.floor(value * PARAM_INFO[param].perDisplay);
}

/** The kernel's "unlimited" on 64-bit: LONG_MAX. vzctl prints and accepts the word `unlimited`. */
export const LONG_MAX_TEXT = '9223372036854775807';

/** One proposed change: a beancounter pair, a scalar, a VSwap size, or a quota pair; null = unlimited. */
export type LimitChange =
  | { param: UbcParam; barrier: number | null; limit: number | null }
  | { param: ScalarParam; value: number }
  | { param: VswapParam; bytes: number }
  | { param: QuotaParam; soft: number; hard: number };

/** The current settings of one CT, as the latest snapshot shows them. */
export interface CtLimits {
  /** Beancounter barrier/limit in kernel units; null = unlimited. Absent rows are unknown. */
  ubc: Partial<Record<UbcParam, { barrier: number | null; limit: number | null }>>;
  cpuunits: number | null;
  /** % of one CPU; 0 = no cap. */
  cpulimit: number | null;
  cpus: number | null;
  ioprio: number | null;
  diskspace: { soft: number; hard: number } | null;
  diskinodes: { soft: number; hard: number } | null;
}

/** The node facts the rules depend on. */
export interface NodeFacts {
  generation: 'legacy' | 'vz7';
  /** Logical CPUs of the node (the 100 % per CPU of cpulimit); null = not known here (the node's tool still checks). */
  cpus: number | null;
  /** The CT runs under VSwap (physpages has a limit): --ram/--swap apply, the UBC relations do not. */
  vswap: boolean;
}

/** The settings after a change, everything else kept. */
export function applyChange(current: CtLimits, change: LimitChange): CtLimits {
  const next: CtLimits = { ...current, ubc: { ...current.ubc } };
  if ('barrier' in change) next.ubc[change.param] = { barrier: change.barrier, limit: change.limit };
  else if ('value' in change) next[change.param] = change.value;
  else if ('bytes' in change) {
    // --ram sets physpages to 0:<ram>, --swap sets swappages to 0:<swap> (vzctl(8), VSwap).
    const res = change.param === 'ram' ? 'physpages' : 'swappages';
    next.ubc[res] = { barrier: 0, limit: Math.floor(change.bytes / PAGE) };
  } else next[change.param] = { soft: change.soft, hard: change.hard };
  return next;
}

/** The beancounter rows a change moves (for the what-if and for verification). */
export function ubcOfChange(change: LimitChange): UbcParam | null {
  if ('barrier' in change) return change.param;
  if ('bytes' in change) return change.param === 'ram' ? 'physpages' : 'swappages';
  return null;
}
