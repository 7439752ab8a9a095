/**
 * The limits an operator may change on a container, and the unit each is shown in (one definition,
 * shared by the server's rules and the pages' editor; docs/openvz/LIMITS.md §1). A beancounter is
 * stored and sent in its kernel unit (pages, bytes or a count); people think in MiB and KiB.
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
export const isQuotaParam = (p: string): p is QuotaParam => (QUOTA_PARAMS as readonly string[]).includes(p);
export const isVswapParam = (p: string): p is VswapParam => (VSWAP_PARAMS as readonly string[]).includes(p);

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

/** A kernel value in its display unit (null = unlimited stays null). */
export function toDisplay(param: LimitParam, value: number | null): number | null {
  return value === null ? null : value / PARAM_INFO[param].perDisplay;
}

/** A display value back to whole kernel units, rounded down as vzctl's parser truncates. */
export function fromDisplay(param: LimitParam, value: number | null): number | null {
  return value === null ? null : Math.floor(value * PARAM_INFO[param].perDisplay);
}
