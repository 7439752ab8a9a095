/**
 * Container plans ("config samples"). Four families, as a hosting company would have sold them:
 *  - `vps.basic`: the seed article's own /etc/sysconfig/vz-scripts/5005.conf, verbatim
 *    (samples/ctid_conf__5005.conf__seed_article_2010.txt: 32-bit style 2147483647 limits,
 *    CPUUNITS 15000, CPULIMIT 65, DISKSPACE 15048576:15153024);
 *  - `vps-<size>`: vzctl's ve-basic sample (privvmpages 65536:69632 = 256 MiB) scaled to the size;
 *  - `vswap-<ram>`: ve-vswap-256m scaled (physpages 0:RAM, swappages 0:2×RAM, the rest filled in
 *    by vzctl's VSwap rules, FORMULAS §1.4);
 *  - `vswap.<ram>MB` (OpenVZ 7): RAM and swap from the memory cgroup, a ploop disk, NUMPROC set,
 *    everything else unlimited.
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

/** Index of each resource in UBC_RESOURCES (and in a CT's `typical` array). */
export const UBC_INDEX = Object.fromEntries(UBC_RESOURCES.map((r, i) => [r, i])) as Record<UbcResource, number>;

/**
 * Rows of one block of /proc/user_beancounters (FORMATS §1.1): 20 real + 4 dummy. The OpenVZ 7
 * kernel prints the same UB_RESOURCES_COMPAT = 24 rows (kernel/bc/proc.c, ub_show).
 */
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

/** Socket beancounters the OpenVZ 7 kernel no longer charges: their rows stay, at 0 and unlimited. */
export const VZ7_UNACCOUNTED: readonly UbcResource[] = ['numtcpsock', 'tcpsndbuf', 'tcprcvbuf', 'othersockbuf', 'dgramrcvbuf', 'numothersock'];

/** barrier/limit of one beancounter; `null` = unlimited (printed as LONG_MAX 9223372036854775807). */
export interface UbcLimits {
  barrier: number | null;
  limit: number | null;
}

export interface DiskLimits {
  softlimit: number;
  hardlimit: number;
}

export type PlanFamily = 'vps.basic' | 'ubc' | 'vswap' | 'vz7';

export interface CtPlan {
  /** ORIGIN_SAMPLE of the config, e.g. `vps-1G`, `vswap-512M`, `vps.basic`. */
  name: string;
  family: PlanFamily;
  vswap: boolean;
  ubc: Record<UbcResource, UbcLimits>;
  swappages: UbcLimits;
  /** KiB */
  diskspace: DiskLimits;
  diskinodes: DiskLimits;
  /** QUOTATIME, seconds. */
  quotaTimeSec: number;
  /** CPUUNITS/CPULIMIT fixed by the plan; null = the node shares out its CPU budget. */
  cpuunits: number | null;
  cpulimit: number | null;
}

export const PAGES_PER_MIB = 256;
const BASIC_PRIVVM_BARRIER = 65536;
/** INT_MAX: "unlimited" in configs written for 32-bit kernels (PHYSPAGES="0:2147483647"). */
export const INT_MAX = 2147483647;

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
const UNLIMITED = pair(null, null);

type Common = Omit<Record<UbcResource, UbcLimits>, 'privvmpages' | 'physpages' | 'vmguarpages' | 'oomguarpages' | 'lockedpages' | 'shmpages' | 'kmemsize' | 'dcachesize'>;

/** Count-like and buffer resources grow with the square root of the plan, pages linearly. */
function scaledCommon(k: number): Common {
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

/** ve-basic's DISKSPACE="2G:2.2G" and DISKINODES="131072:144179", scaled. */
function disk(k: number): Pick<CtPlan, 'diskspace' | 'diskinodes'> {
  const soft = r(2097152 * Math.min(k, 64));
  const isoft = r(131072 * Math.sqrt(k));
  return {
    diskspace: { softlimit: soft, hardlimit: r(soft * 1.1) },
    diskinodes: { softlimit: isoft, hardlimit: r(isoft * 1.1) },
  };
}

/**
 * Classic (pre-VSwap) UBC plan: privvmpages barrier = `sizeMib`, limit = barrier × 17/16 as in
 * ve-basic; vmguarpages = `guarantee` × barrier (ve-basic has 52 %, 5005.conf 83 %).
 */
export function buildUbcPlan(sizeMib: number, guarantee = 33792 / 65536): CtPlan {
  const barrier = sizeMib * PAGES_PER_MIB;
  const k = barrier / BASIC_PRIVVM_BARRIER;
  const s = Math.sqrt(k);
  return {
    name: `vps-${sizeLabel(sizeMib)}`,
    family: 'ubc',
    vswap: false,
    ubc: {
      ...scaledCommon(k),
      kmemsize: pair(r(14372700 * s), r(14790164 * s)),
      lockedpages: same(r(2048 * k)),
      privvmpages: pair(barrier, (barrier * 17) / 16),
      shmpages: same(r(21504 * k)),
      physpages: pair(0, null),
      vmguarpages: pair(r(barrier * guarantee), null),
      oomguarpages: pair(r(26112 * k), null),
      dcachesize: pair(r(3409920 * s), r(3624960 * s)),
    },
    swappages: pair(0, null),
    ...disk(k),
    quotaTimeSec: 0,
    cpuunits: null,
    cpulimit: null,
  };
}

/** 5005.conf exactly as the seed article printed it (ORIGIN_SAMPLE="vps.basic"). */
export function buildSeedPlan(): CtPlan {
  return {
    name: 'vps.basic',
    family: 'vps.basic',
    vswap: false,
    ubc: {
      kmemsize: pair(21055923, 21377049),
      lockedpages: same(256),
      privvmpages: pair(243200, 262144),
      shmpages: same(21504),
      numproc: same(240),
      physpages: pair(0, INT_MAX),
      vmguarpages: pair(201216, 204800),
      oomguarpages: pair(26112, INT_MAX),
      numtcpsock: same(360),
      numflock: pair(188, 206),
      numpty: same(16),
      numsiginfo: same(256),
      tcpsndbuf: pair(1720320, 2703360),
      tcprcvbuf: pair(1720320, 2703360),
      othersockbuf: pair(1126080, 2097152),
      dgramrcvbuf: same(262144),
      numothersock: same(360),
      dcachesize: pair(3409920, 3624960),
      numfile: same(9312),
      numiptent: same(128),
    },
    swappages: pair(0, null),
    diskspace: { softlimit: 15048576, hardlimit: 15153024 },
    diskinodes: { softlimit: 600000, hardlimit: 620000 },
    quotaTimeSec: 0,
    cpuunits: 15000,
    cpulimit: 65,
  };
}

/** RAM sizes (MiB) of the VSwap plans, as the ve-vswap-256m family: 256m, 512m, 1g, … */
export const VSWAP_RAM_SIZES_MIB = [256, 512, 1024, 2048, 4096, 8192, 16384, 32768] as const;

/**
 * VSwap plan (042stab042+) for a CT sold about `sizeMib` of privvmpages: the largest RAM size of
 * the family that fits, swap = 2 × RAM as in ve-vswap-256m, vm_overcommit 1.5, and vzctl's
 * defaults for lockedpages/oomguarpages/vmguarpages/privvmpages (FORMULAS §1.4). kmemsize,
 * shmpages and dcachesize stay unlimited, as vzctl leaves them.
 */
export function buildVswapPlan(sizeMib: number): CtPlan {
  const ramMib = [...VSWAP_RAM_SIZES_MIB].reverse().find((m) => m * 4.5 <= sizeMib) ?? VSWAP_RAM_SIZES_MIB[0];
  const ram = ramMib * PAGES_PER_MIB;
  const swap = 2 * ram;
  const privvm = r((ram + swap) * 1.5);
  const k = privvm / BASIC_PRIVVM_BARRIER;
  return {
    name: `vswap-${sizeLabel(ramMib)}`,
    family: 'vswap',
    vswap: true,
    ubc: {
      ...scaledCommon(k),
      kmemsize: UNLIMITED,
      lockedpages: pair(ram, null),
      privvmpages: same(privvm),
      shmpages: UNLIMITED,
      physpages: pair(0, ram),
      vmguarpages: same(ram + swap),
      oomguarpages: pair(ram, null),
      dcachesize: UNLIMITED,
    },
    swappages: pair(0, swap),
    ...disk(k),
    quotaTimeSec: 0,
    cpuunits: null,
    cpulimit: null,
  };
}

/**
 * OpenVZ 7 plan for a CT of `ramMib` RAM: the kernel reports physpages/swappages from the memory
 * cgroup (barrier = limit), the disk is a ploop image of 10 GiB per GiB of RAM (DISKSPACE
 * soft = hard; DISKINODES is ignored for ploop). Only NUMPROC is set among the classic counters.
 */
export function buildVz7Plan(ramMib: number): CtPlan {
  const ram = ramMib * PAGES_PER_MIB;
  const k = ramMib / 256;
  const s = Math.sqrt(k);
  const imageKb = Math.max(10, Math.min(1024, r(ramMib / 1024) * 10)) * 1048576;
  const ubc = Object.fromEntries(UBC_RESOURCES.map((res) => [res, UNLIMITED])) as Record<UbcResource, UbcLimits>;
  ubc.physpages = same(ram);
  ubc.numproc = same(Math.min(32768, r(512 * s)));
  ubc.numiptent = same(2000);
  return {
    name: `vswap.${ramMib}MB`,
    family: 'vz7',
    vswap: true,
    ubc,
    swappages: same(ram),
    diskspace: { softlimit: imageKb, hardlimit: imageKb },
    diskinodes: { softlimit: imageKb / 16, hardlimit: imageKb / 16 },
    quotaTimeSec: 0,
    cpuunits: null,
    cpulimit: null,
  };
}

/** RAM sizes (MiB) of OpenVZ 7 plans. */
export const VZ7_RAM_SIZES_MIB = [512, 1024, 2048, 4096, 8192, 16384, 32768] as const;

/**
 * A ploop image's filesystem as statfs sees it (what vzlist prints for ploop CTs): a little
 * less than the image (ext4 overhead; 2G → 2062160 KiB in sample …7ab85d9f…after), one inode per
 * 16 KiB (2G → 131072).
 */
export function ploopFilesystem(imageKb: number): { blocksKb: number; inodes: number } {
  return { blocksKb: Math.floor(imageKb * 0.98331), inodes: Math.floor(imageKb / 16) };
}
