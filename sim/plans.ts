/**
 * Container plans ("config samples"), scaled from vzctl's ve-basic sample
 * (samples/ctid_conf__vzctl_sample_ve-basic_ubc__body.txt: privvmpages 65536:69632 = 256 MiB) and
 * ve-vswap-256m (physpages 0:256M, swappages 0:512M, the rest filled in by vzctl's VSwap rules).
 */

/** The 20 real beancounters, in the kernel's row order (vzlist adds swappages after them). */
export const UBC_RESOURCES = [
  'kmemsize',
  'lockedpages',
  'privvmpages',
  'shmpages',
  'numproc',
  'physpages',
  'vmguarpages',
  'oomguarpages',
  'numtcpsock',
  'numflock',
  'numpty',
  'numsiginfo',
  'tcpsndbuf',
  'tcprcvbuf',
  'othersockbuf',
  'dgramrcvbuf',
  'numothersock',
  'dcachesize',
  'numfile',
  'numiptent',
] as const;
export type UbcResource = (typeof UBC_RESOURCES)[number];

/** Rows of one block of /proc/user_beancounters on 2.6.32 (FORMATS §1.1): 20 real + 4 dummy. */
export const PROC_UBC_ROWS: readonly (UbcResource | 'dummy')[] = [
  'kmemsize',
  'lockedpages',
  'privvmpages',
  'shmpages',
  'dummy',
  'numproc',
  'physpages',
  'vmguarpages',
  'oomguarpages',
  'numtcpsock',
  'numflock',
  'numpty',
  'numsiginfo',
  'tcpsndbuf',
  'tcprcvbuf',
  'othersockbuf',
  'dgramrcvbuf',
  'numothersock',
  'dcachesize',
  'numfile',
  'dummy',
  'dummy',
  'dummy',
  'numiptent',
];

/** barrier/limit of one beancounter; `null` = unlimited (printed as LONG_MAX 9223372036854775807). */
export interface UbcLimits {
  barrier: number | null;
  limit: number | null;
}

export interface DiskLimits {
  softlimit: number;
  hardlimit: number;
}

export interface CtPlan {
  /** ORIGIN_SAMPLE of the config, e.g. `vps-1G` or `vswap-512M`. */
  name: string;
  vswap: boolean;
  ubc: Record<UbcResource, UbcLimits>;
  swappages: UbcLimits;
  /** KiB */
  diskspace: DiskLimits;
  diskinodes: DiskLimits;
}

export const PAGES_PER_MIB = 256;
const BASIC_PRIVVM_BARRIER = 65536;

/** Plan sizes (privvmpages barrier in MiB) a hosting company would sell. */
export const PLAN_SIZES_MIB = [
  256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384, 24576, 32768, 49152, 65536,
] as const;

export function sizeLabel(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}G` : `${mib}M`;
}

/** The smallest plan size ≥ `mib`; past the largest plan, `mib` rounded up to whole GiB. */
export function roundUpToPlanSize(mib: number): number {
  return PLAN_SIZES_MIB.find((s) => s >= mib) ?? Math.ceil(mib / 1024) * 1024;
}

const r = Math.round;
const pair = (barrier: number | null, limit: number | null): UbcLimits => ({ barrier, limit });
const same = (v: number): UbcLimits => pair(v, v);

/** Count-like and buffer resources grow with the square root of the plan, pages linearly. */
function scaledCommon(k: number): Omit<Record<UbcResource, UbcLimits>, 'privvmpages' | 'physpages' | 'vmguarpages' | 'oomguarpages' | 'lockedpages' | 'shmpages' | 'kmemsize' | 'dcachesize'> {
  const s = Math.sqrt(k);
  return {
    numproc: same(r(240 * s)),
    numtcpsock: same(r(360 * s)),
    numflock: pair(r(188 * s), r(206 * s)),
    numpty: same(Math.min(255, r(16 * Math.min(s, 4)))),
    numsiginfo: same(Math.min(1024, r(256 * s))),
    tcpsndbuf: pair(r(1720320 * s), r(2703360 * s)),
    tcprcvbuf: pair(r(1720320 * s), r(2703360 * s)),
    othersockbuf: pair(r(1126080 * s), r(2097152 * s)),
    dgramrcvbuf: same(r(262144 * s)),
    numothersock: same(r(360 * s)),
    numfile: same(r(9312 * s)),
    numiptent: same(128),
  };
}

function disk(k: number): Pick<CtPlan, 'diskspace' | 'diskinodes'> {
  const soft = r(2097152 * Math.min(k, 64));
  const isoft = r(131072 * Math.sqrt(k));
  return {
    diskspace: { softlimit: soft, hardlimit: r(soft * 1.1) },
    diskinodes: { softlimit: isoft, hardlimit: r(isoft * 1.1) },
  };
}

/** Classic (pre-VSwap) UBC plan: privvmpages barrier = `sizeMib`, limit = barrier × 17/16 as in ve-basic. */
export function buildUbcPlan(sizeMib: number): CtPlan {
  const barrier = sizeMib * PAGES_PER_MIB;
  const k = barrier / BASIC_PRIVVM_BARRIER;
  const s = Math.sqrt(k);
  return {
    name: `vps-${sizeLabel(sizeMib)}`,
    vswap: false,
    ubc: {
      ...scaledCommon(k),
      kmemsize: pair(r(14372700 * s), r(14790164 * s)),
      lockedpages: same(r(2048 * k)),
      privvmpages: pair(barrier, (barrier * 17) / 16),
      shmpages: same(r(21504 * k)),
      physpages: pair(0, null),
      vmguarpages: pair(r(33792 * k), null),
      oomguarpages: pair(r(26112 * k), null),
      dcachesize: pair(r(3409920 * s), r(3624960 * s)),
    },
    swappages: pair(0, null),
    ...disk(k),
  };
}

/**
 * VSwap plan (042stab042+): `sizeMib` is the privvmpages limit. RAM:swap = 1:2 as in
 * ve-vswap-256m, vm_overcommit 1.5, and vzctl's defaults for lockedpages/oomguarpages/vmguarpages
 * (FORMULAS §1.4). kmemsize and dcachesize stay unlimited, as vzctl leaves them.
 */
export function buildVswapPlan(sizeMib: number): CtPlan {
  const privvm = sizeMib * PAGES_PER_MIB;
  const ramPlusSwap = r(privvm / 1.5);
  const ram = r(ramPlusSwap / 3);
  const swap = ramPlusSwap - ram;
  const k = privvm / BASIC_PRIVVM_BARRIER;
  return {
    name: `vswap-${sizeLabel(r(ram / PAGES_PER_MIB))}`,
    vswap: true,
    ubc: {
      ...scaledCommon(k),
      kmemsize: pair(null, null),
      lockedpages: pair(ram, null),
      privvmpages: same(privvm),
      shmpages: pair(null, null),
      physpages: pair(0, ram),
      vmguarpages: same(ramPlusSwap),
      oomguarpages: pair(ram, null),
      dcachesize: pair(null, null),
    },
    swappages: pair(0, swap),
    ...disk(k),
  };
}
