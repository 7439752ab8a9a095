/**
 * The simulated hardware node: a deterministic (seeded) model of one OpenVZ 2.6.32 node and its
 * containers. Renderers (sim/render/*) turn it into tool output; `advance` (sim/drift.ts) moves it
 * through time. Nothing here reads the clock: time only moves when the caller says so.
 */
import { createRng, nextFloat, nextInt, nextRange, pick, type RngState } from './prng';
import {
  UBC_RESOURCES,
  buildUbcPlan,
  buildVswapPlan,
  roundUpToPlanSize,
  type UbcLimits,
  type UbcResource,
} from './plans';
import { capOf, initialUsage, ct0Usage, type Usage } from './usage';

export { advance, DRIFT_STEP_MS } from './drift';
export { UBC_RESOURCES, PROC_UBC_ROWS, type UbcResource, type UbcLimits } from './plans';
export { capOf, type Usage } from './usage';

/** One beancounter row. barrier/limit `null` = unlimited (LONG_MAX in the kernel's output). */
export interface SimBeancounter {
  held: number;
  maxheld: number;
  barrier: number | null;
  limit: number | null;
  failcnt: number;
}

export type Ubc = Record<UbcResource, SimBeancounter>;

export interface SimQuota {
  /** KiB for diskspace, a count for diskinodes. */
  usage: number;
  softlimit: number;
  hardlimit: number;
  /** Sim time (model.timeMs) at which the soft-limit grace period ends; null when under softlimit. */
  graceEndsAtMs: number | null;
}

export type CtStatus = 'running' | 'stopped';

export interface SimContainer {
  ctId: number;
  hostname: string;
  ips: string[];
  nameservers: string[];
  ostemplate: string;
  status: CtStatus;
  /** ORIGIN_SAMPLE, e.g. `vps-1G`. */
  plan: string;
  vswap: boolean;
  /** The CT that keeps running into its privvmpages/numproc barriers. */
  busy: boolean;
  ubc: Ubc;
  /** Not in /proc/user_beancounters; shown by vzlist and /proc/bc/resources. */
  swappages: SimBeancounter;
  /** barrier/limit of the four dummy rows (the kernel prints 0 or LONG_MAX there). */
  dummy: UbcLimits[];
  /** Held values the random walk reverts to. */
  typical: Usage;
  cpuunits: number;
  /** % of one CPU, 0 = no limit. */
  cpulimit: number;
  cpus: number | null;
  ioprio: number | null;
  onboot: boolean;
  diskspace: SimQuota;
  diskinodes: SimQuota;
  /** QUOTATIME, seconds. */
  quotaTimeSec: number;
  laverage: [number, number, number];
  uptimeSec: number;
}

export interface SimNodeModel {
  index: number;
  name: string;
  hostname: string;
  kernel: string;
  cpuModel: string;
  cpuMhz: number;
  /** bogomips of each CPU as /proc/cpuinfo prints it (2 decimals). */
  bogomips: string[];
  memTotalKb: number;
  swapTotalKb: number;
  /** The host's own beancounter block (id 0): everything unlimited. */
  ct0: Ubc;
  ct0Typical: Usage;
  ve0cpuunits: number;
  /** In the kernel's beancounter list order (not sorted). */
  containers: SimContainer[];
  uptimeSec: number;
  idleSec: number;
  loadavg: [number, number, number];
  lastPid: number;
  /** Simulated time elapsed since the model was created. */
  timeMs: number;
  /** Time advanced but not yet spent on a drift step. */
  carryMs: number;
  rng: RngState;
}

export interface CreateNodeModelOptions {
  seed: number;
  index: number;
  /** Default 8. */
  ctsPerNode?: number;
  name?: string;
}

export const KERNEL_RELEASE = '2.6.32-042stab141.3';
const OSTEMPLATES = ['centos-6-x86_64', 'centos-6-x86_64', 'debian-7.0-x86_64', 'ubuntu-14.04-x86_64', 'centos-5-x86_64', 'debian-8.0-x86_64-minimal'];
const CPU_MODELS: [string, number][] = [
  ['Intel(R) Xeon(R) CPU           E5620  @ 2.40GHz', 2400.084],
  ['Intel(R) Xeon(R) CPU           X5670  @ 2.93GHz', 2933.437],
  ['Intel(R) Xeon(R) CPU E5-2650 0 @ 2.00GHz', 1999.983],
  ['Intel(R) Xeon(R) CPU E5-2630 v2 @ 2.60GHz', 2600.112],
];

export function ctIdsFor(index: number, count: number): number[] {
  const base = count <= 99 ? (index + 1) * 100 : (index + 1) * 1000;
  return Array.from({ length: count }, (_, k) => base + k + 1);
}

function beancounter(limits: UbcLimits): SimBeancounter {
  return { held: 0, maxheld: 0, barrier: limits.barrier, limit: limits.limit, failcnt: 0 };
}

function fillHeld(rng: RngState, ubc: Ubc, typical: Usage, busy: boolean): void {
  for (const res of UBC_RESOURCES) {
    const bc = ubc[res];
    const cap = capOf(res, bc);
    const held = Math.max(0, Math.round(typical[res] * (1 + 0.04 * (nextFloat(rng) - 0.5))));
    bc.held = cap === null ? held : Math.min(held, Math.floor(cap * 0.99));
    const peak = Math.max(bc.held, Math.round(bc.held * nextRange(rng, 1, 1.6)));
    bc.maxheld = cap === null ? peak : Math.max(bc.held, Math.min(peak, Math.floor(cap * 0.98)));
  }
  if (busy) {
    for (const res of ['privvmpages', 'numproc'] as const) {
      ubc[res].maxheld = capOf(res, ubc[res]) ?? ubc[res].maxheld;
      ubc[res].failcnt = nextInt(rng, 5, 120);
    }
  } else if (nextFloat(rng) < 0.2) {
    ubc.numothersock.failcnt = nextInt(rng, 1, 600);
  }
}

function quota(usage: number, limits: { softlimit: number; hardlimit: number }): SimQuota {
  return { usage: Math.round(usage), ...limits, graceEndsAtMs: null };
}

function createContainer(
  rng: RngState,
  args: { ctId: number; index: number; k: number; sizeMib: number; vswap: boolean; busy: boolean; stopped: boolean; cpuunits: number; nodeCpus: number; dummyZero: boolean },
): SimContainer {
  const plan = args.vswap ? buildVswapPlan(args.sizeMib) : buildUbcPlan(args.sizeMib);
  const ubc = Object.fromEntries(UBC_RESOURCES.map((res) => [res, beancounter(plan.ubc[res])])) as Ubc;
  const typical = initialUsage(rng, ubc, args.busy);
  if (!args.stopped) fillHeld(rng, ubc, typical, args.busy);
  const swappages = beancounter(plan.swappages);
  if (!args.stopped && args.vswap) swappages.held = swappages.maxheld = Math.round(typical.physpages * 0.05);
  const ips = [`10.${args.index + 1}.${Math.floor(args.k / 200)}.${(args.k % 200) + 10}`];
  if (nextFloat(rng) < 0.25) ips.push(`10.${args.index + 1}.${100 + Math.floor(args.k / 200)}.${(args.k % 200) + 10}`);
  const overSoft = !args.stopped && nextFloat(rng) < 0.12;
  const diskspace = quota(plan.diskspace.softlimit * (overSoft ? 1.04 : nextRange(rng, 0.15, 0.8)), plan.diskspace);
  const quotaTimeSec = overSoft ? 7 * 86400 : 0;
  if (overSoft) diskspace.graceEndsAtMs = nextInt(rng, 3600, quotaTimeSec) * 1000;
  return {
    ctId: args.ctId,
    hostname: `ct${args.ctId}.example.com`,
    ips,
    nameservers: ['8.8.8.8', '8.8.4.4'],
    ostemplate: pick(rng, OSTEMPLATES),
    status: args.stopped ? 'stopped' : 'running',
    plan: plan.name,
    vswap: args.vswap,
    busy: args.busy,
    ubc,
    swappages,
    dummy: [0, 1, 2, 3].map((i) => (args.dummyZero && i > 0 ? { barrier: 0, limit: 0 } : { barrier: null, limit: null })),
    typical,
    cpuunits: args.cpuunits,
    cpulimit: pick(rng, [0, 0, 0, 0, 0, 50, 65, 100, 200].filter((l) => l <= args.nodeCpus * 100)),
    cpus: nextFloat(rng) < 0.25 ? Math.min(args.nodeCpus, pick(rng, [1, 2, 4])) : null,
    ioprio: nextFloat(rng) < 0.3 ? nextInt(rng, 2, 7) : null,
    onboot: !args.stopped,
    diskspace,
    diskinodes: quota(plan.diskinodes.softlimit * nextRange(rng, 0.05, 0.5), plan.diskinodes),
    quotaTimeSec,
    laverage: args.stopped ? [0, 0, 0] : [nextRange(rng, 0, 2), nextRange(rng, 0, 1.5), nextRange(rng, 0, 1)],
    uptimeSec: 0,
  };
}

export function createNodeModel(opts: CreateNodeModelOptions): SimNodeModel {
  const rng = createRng(opts.seed);
  const count = opts.ctsPerNode ?? 8;
  const ramGib = pick(rng, [16, 24, 32, 48, 64, 96, 128]);
  const swapGib = pick(rng, [2, 4, 8, 16]);
  const memTotalKb = ramGib * 1048576 - nextInt(rng, 180000, 420000);
  const swapTotalKb = swapGib * 1048576 - 4;
  const cpus = pick(rng, [4, 8, 8, 12, 16, 24]);
  const [cpuModel, cpuMhz] = pick(rng, CPU_MODELS);
  const bogo = (Math.floor(cpuMhz * 200) + nextInt(rng, 0, 40)) / 100;
  const bogomips = Array.from({ length: cpus }, () => bogo.toFixed(2));
  const power = Math.floor(cpus * bogo * 25);

  // Sell more memory than the node has (Σ privvmpages barriers ≈ (RAM+swap) × 1.3…2.0).
  const weights = Array.from({ length: count }, () => pick(rng, [1, 1, 2, 2, 3, 4, 6, 8]));
  const sumW = weights.reduce((a, b) => a + b, 0);
  const budgetMib = (ramGib + swapGib) * 1024 * nextRange(rng, 1.3, 2.0);
  const cpuBudget = power * nextRange(rng, 0.25, 1.1);
  const ids = ctIdsFor(opts.index, count);
  const busyK = nextInt(rng, 0, count - 1);
  const stoppedK = count >= 2 ? (busyK + nextInt(rng, 1, count - 1)) % count : -1;
  const vswapK = count >= 4 ? [0, 1, 2, 3].map((d) => (busyK + 2 + d) % count).find((k) => k !== stoppedK && k !== busyK) ?? -1 : -1;
  const dummyZero = nextFloat(rng) < 0.5;
  const containers = ids.map((ctId, k) => {
    const share = (weights[k] ?? 1) / sumW;
    return createContainer(rng, {
      ctId,
      index: opts.index,
      k,
      sizeMib: roundUpToPlanSize(budgetMib * share),
      vswap: k === vswapK,
      busy: k === busyK,
      stopped: k === stoppedK,
      cpuunits: Math.min(250000, Math.max(8, Math.round((cpuBudget * share) / 50) * 50)),
      nodeCpus: cpus,
      dummyZero,
    });
  });
  // The kernel's beancounter list is not sorted: shuffle (Fisher–Yates).
  for (let i = containers.length - 1; i > 0; i--) {
    const j = nextInt(rng, 0, i);
    [containers[i], containers[j]] = [containers[j]!, containers[i]!];
  }

  const ct0 = Object.fromEntries(UBC_RESOURCES.map((res) => [res, beancounter({ barrier: null, limit: null })])) as Ubc;
  const ct0Typical = ct0Usage(rng, ramGib);
  fillHeld(rng, ct0, ct0Typical, false);
  ct0.numothersock.failcnt = 0;
  const uptimeSec = nextRange(rng, 3, 400) * 86400;
  for (const ct of containers) if (ct.status === 'running') ct.uptimeSec = uptimeSec * nextRange(rng, 0.05, 1);
  const name = opts.name ?? `sim-${opts.index + 1}`;
  return {
    index: opts.index,
    name,
    hostname: `${name}.vzfleet.test`,
    kernel: KERNEL_RELEASE,
    cpuModel,
    cpuMhz,
    bogomips,
    memTotalKb,
    swapTotalKb,
    ct0,
    ct0Typical,
    ve0cpuunits: 1000,
    containers,
    uptimeSec,
    idleSec: uptimeSec * cpus * nextRange(rng, 0.6, 0.9),
    loadavg: [nextRange(rng, 0.2, 3), nextRange(rng, 0.2, 2.5), nextRange(rng, 0.2, 2)],
    lastPid: nextInt(rng, 3000, 900000),
    timeMs: 0,
    carryMs: 0,
    rng,
  };
}

export function findContainer(model: SimNodeModel, ctId: number): SimContainer | undefined {
  return model.containers.find((ct) => ct.ctId === ctId);
}

export function runningContainers(model: SimNodeModel): SimContainer[] {
  return model.containers.filter((ct) => ct.status === 'running');
}

/** Σ bogomips × 25, truncated (FORMULAS §5.1). Computed in hundredths to stay exact. */
export function nodePower(model: SimNodeModel): number {
  const hundredths = model.bogomips.reduce((sum, b) => sum + Math.round(Number(b) * 100), 0);
  return Math.floor((hundredths * 25) / 100);
}
