/**
 * The simulated hardware node: a deterministic (seeded) model of one OpenVZ node — legacy
 * (RHEL5/6 kernels 2.6.18/2.6.32: simfs + vzquota, some ploop) or OpenVZ 7 (kernel 3.10, ploop,
 * prlctl) — and its containers. Renderers (sim/render/*) turn it into tool output; `advance`
 * (sim/world/drift.ts) moves it through time. Nothing here reads the clock.
 */
import { createHardware, resolveGeneration, type GenerationChoice, type KernelSeries } from './hardware';
import {
  UBC_RESOURCES,
  buildSeedPlan,
  buildUbcPlan,
  buildVswapPlan,
  buildVz7Plan,
  ploopFilesystem,
  roundUpToPlanSize,
  VZ7_RAM_SIZES_MIB,
  type CtPlan,
  type UbcLimits,
} from './plans';
import { createRng, nextFloat, nextInt, nextRange, pick, type RngState } from './prng';
import type { CtStatus, DiskLayout, SimBeancounter, SimContainer, SimNodeModel, SimQuota, Ubc } from './types';
import { busyResources, ct0Usage, fillHeld, initialUsage, scaleMemory, usageOf } from './usage';

export { advance, DRIFT_STEP_MS } from './drift';
export { GENERATION_CHOICES, VZ7_SHARE, resolveGeneration, type Generation, type GenerationChoice, type KernelSeries } from './hardware';
export { UBC_RESOURCES, PROC_UBC_ROWS, type UbcResource, type UbcLimits } from './plans';
export { capOf } from './usage';
export type { CtStatus, CtWorkload, DiskLayout, DummyStyle, SimBeancounter, SimContainer, SimNodeModel, SimQuota, Ubc, Usage, WorkloadKind } from './types';

export interface CreateNodeModelOptions {
  seed: number;
  index: number;
  /** Default 8. */
  ctsPerNode?: number;
  name?: string;
  /** 'legacy', 'vz7', or 'mixed' (default): ~30 % OpenVZ 7, decided by seed and index; node 0 is legacy. */
  generation?: GenerationChoice;
}

const OSTEMPLATES = ['centos-6-x86_64', 'centos-6-x86_64', 'debian-7.0-x86_64', 'ubuntu-14.04-x86_64', 'centos-5-x86_64', 'debian-8.0-x86_64-minimal'];
const OSTEMPLATES_VZ7 = ['centos-7-x86_64', 'centos-7-x86_64', 'ubuntu-16.04-x86_64', 'debian-9.0-x86_64', 'vzlinux-7-x86_64', 'ubuntu-18.04-x86_64'];
const NAMESERVERS: readonly string[] = Object.freeze(['8.8.8.8', '8.8.4.4']);

export function ctIdsFor(index: number, count: number): number[] {
  const base = count <= 99 ? (index + 1) * 100 : (index + 1) * 1000;
  return Array.from({ length: count }, (_, k) => base + k + 1);
}

function beancounter(limits: UbcLimits): SimBeancounter {
  return { held: 0, maxheld: 0, barrier: limits.barrier, limit: limits.limit, failcnt: 0 };
}

function quota(usage: number, limits: { softlimit: number; hardlimit: number }): SimQuota {
  return { usage: Math.round(usage), softlimit: limits.softlimit, hardlimit: limits.hardlimit, graceEndsAtMs: null };
}

function uuidFrom(rng: RngState): string {
  const hex = (n: number) => Array.from({ length: n }, () => nextInt(rng, 0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(rng, ['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}

interface Role {
  k: number;
  ctId: number;
  plan: CtPlan;
  status: CtStatus;
  busy: boolean;
  layout: DiskLayout;
  cpuunits: number;
  uuidNamed: boolean;
}

function createContainer(rng: RngState, node: { index: number; cpus: number; vz7: boolean }, role: Role): SimContainer {
  const { plan, k } = role;
  const ubc = Object.fromEntries(UBC_RESOURCES.map((res) => [res, beancounter(plan.ubc[res])])) as Ubc;
  const typical = initialUsage(rng, ubc, { busy: role.busy, vswap: plan.vswap, vz7: node.vz7 });
  const ips = [`10.${node.index + 1}.${Math.floor(k / 200)}.${(k % 200) + 10}`];
  if (nextFloat(rng) < 0.25) ips.push(`10.${node.index + 1}.${100 + Math.floor(k / 200)}.${(k % 200) + 10}`);
  const uuid = node.vz7 ? uuidFrom(rng) : null;
  const name = role.uuidNamed ? `ct${k + 1}` : null;
  const ploop = role.layout === 'ploop';
  const fs = ploop ? ploopFilesystem(plan.diskspace.hardlimit) : null;
  const space = fs ? { softlimit: fs.blocksKb, hardlimit: fs.blocksKb } : plan.diskspace;
  const inodes = fs ? { softlimit: fs.inodes, hardlimit: fs.inodes } : plan.diskinodes;
  const overSoft = !ploop && role.status === 'running' && nextFloat(rng) < 0.12;
  const diskspace = quota(space.softlimit * (overSoft ? 1.04 : nextRange(rng, 0.15, 0.8)), space);
  const quotaTimeSec = overSoft ? 7 * 86400 : plan.quotaTimeSec;
  if (overSoft) diskspace.graceEndsAtMs = nextInt(rng, 3600, quotaTimeSec) * 1000;
  const running = role.status === 'running';
  return {
    ctId: role.ctId,
    ctid: role.uuidNamed && uuid ? uuid : String(role.ctId),
    uuid,
    name,
    hostname: `${name ?? `ct${role.ctId}`}.example.com`,
    ips,
    nameservers: NAMESERVERS,
    ostemplate: pick(rng, node.vz7 ? OSTEMPLATES_VZ7 : OSTEMPLATES),
    status: role.status,
    plan: plan.name,
    vswap: plan.vswap,
    layout: role.layout,
    busy: role.busy,
    ubc,
    swappages: beancounter(plan.swappages),
    typical,
    cpuunits: plan.cpuunits ?? role.cpuunits,
    cpulimit: plan.cpulimit ?? pick(rng, [0, 0, 0, 0, 0, 50, 65, 100, 200].filter((l) => l <= node.cpus * 100)),
    cpus: nextFloat(rng) < 0.25 ? Math.min(node.cpus, pick(rng, [1, 2, 4])) : null,
    ioprio: node.vz7 ? (nextFloat(rng) < 0.8 ? 4 : nextInt(rng, 0, 7)) : nextFloat(rng) < 0.3 ? nextInt(rng, 2, 7) : null,
    onboot: running || nextFloat(rng) < 0.3,
    diskspace,
    diskinodes: quota(inodes.softlimit * nextRange(rng, 0.05, 0.5), inodes),
    imageKb: ploop ? plan.diskspace.hardlimit : 0,
    quotaTimeSec,
    laverage: running ? [nextRange(rng, 0, 2), nextRange(rng, 0, 1.5), nextRange(rng, 0, 1)] : [0, 0, 0],
    uptimeSec: 0,
    cpuUsedSec: 0,
  };
}

/** Indexes of the CTs with a role: busy, stopped, the first VSwap CT, and (≥ 10 CTs) a mounted and a suspended one. */
function pickRoles(rng: RngState, count: number) {
  const busyK = nextInt(rng, 0, count - 1);
  const stoppedK = count >= 2 ? (busyK + nextInt(rng, 1, count - 1)) % count : -1;
  const free = (d: number) => [0, 1, 2, 3, 4, 5].map((x) => (busyK + d + x) % count).find((k) => k !== stoppedK && k !== busyK) ?? -1;
  const vswapK = count >= 4 ? free(2) : -1;
  const mountedK = count >= 10 ? [3, 4, 5, 6].map((d) => (busyK + d) % count).find((k) => ![busyK, stoppedK, vswapK].includes(k)) ?? -1 : -1;
  const suspendedK = count >= 10 ? [5, 6, 7, 8].map((d) => (busyK + d) % count).find((k) => ![busyK, stoppedK, vswapK, mountedK].includes(k)) ?? -1 : -1;
  return { busyK, stoppedK, vswapK, mountedK, suspendedK };
}

function planFor(rng: RngState, vz7: boolean, series: KernelSeries, shareMib: number, vswap: boolean, busy: boolean): CtPlan {
  if (vz7) return buildVz7Plan(VZ7_RAM_SIZES_MIB.find((s) => s >= shareMib) ?? VZ7_RAM_SIZES_MIB.at(-1)!);
  const size = roundUpToPlanSize(shareMib);
  if (vswap || (series === '2.6.32' && !busy && nextFloat(rng) < 0.15)) return buildVswapPlan(size);
  if (!busy && size <= 1536 && nextFloat(rng) < 0.3) return buildSeedPlan();
  return buildUbcPlan(size, nextRange(rng, 0.52, 0.72));
}

export function createNodeModel(opts: CreateNodeModelOptions): SimNodeModel {
  const rng = createRng(opts.seed);
  const count = opts.ctsPerNode ?? 8;
  const generation = resolveGeneration(opts.generation, opts.seed, opts.index);
  const hw = createHardware(rng, generation, opts.index, count);
  const vz7 = generation === 'vz7';
  const cpus = hw.bogomips.length;
  const power = Math.floor(cpus * Number(hw.bogomips[0]) * 25);

  // Sell more memory than the node has: Σ privvmpages barriers ≈ (RAM+swap) × 2.2…3.4 on legacy
  // nodes (vzmemcheck's Alloc limit ≈ 250–360 %, Alloc commit ≈ 130–230 %), Σ RAM ≈ RAM × 1.1…1.8 on OpenVZ 7.
  const weights = Array.from({ length: count }, () => pick(rng, [1, 1, 2, 2, 3, 4, 6, 8]));
  const sumW = weights.reduce((a, b) => a + b, 0);
  const budgetMib = vz7 ? hw.ramGib * 1024 * nextRange(rng, 1.1, 1.8) : (hw.ramGib + hw.swapGib) * 1024 * nextRange(rng, 2.2, 3.4);
  const cpuBudget = power * nextRange(rng, 0.3, 1.15);
  const ids = ctIdsFor(opts.index, count);
  const r = pickRoles(rng, count);
  const roles: Role[] = ids.map((ctId, k) => {
    const share = (weights[k] ?? 1) / sumW;
    const busy = k === r.busyK;
    const status: CtStatus = k === r.stoppedK ? 'stopped' : k === r.mountedK ? 'mounted' : k === r.suspendedK ? 'suspended' : 'running';
    const vswap = hw.kernelSeries === '2.6.32' && k === r.vswapK;
    const plan = planFor(rng, vz7, hw.kernelSeries, budgetMib * share, vswap, busy);
    // Legacy ploop CTs (vzctl ≥ 4.0) only on bigger nodes, so a small node keeps the classic all-simfs shape.
    const legacyPloop = hw.kernelSeries === '2.6.32' && count >= 10 && !busy && k !== r.vswapK && nextFloat(rng) < 0.12;
    const layout = vz7 || legacyPloop ? 'ploop' : 'simfs';
    // Hosting panels sold cpuunits between 250 and 100000; the scheduler rounds them (FORMULAS §5.1).
    const cpuunits = Math.min(100000, Math.max(250, Math.round((cpuBudget * share) / 50) * 50));
    return { k, ctId, plan, status, busy, layout, cpuunits, uuidNamed: vz7 && !busy && nextFloat(rng) < 0.25 };
  });
  const node = { index: opts.index, cpus, vz7 };
  const containers = roles.map((role) => createContainer(rng, node, role));

  // Keep what runs inside the RAM: Σ physpages ≤ ~75 % of it (the busy CT keeps pushing its own cap).
  const ramPages = (hw.memTotalKb / 4) * 0.75;
  const physpagesOf = (ct: SimContainer) => (ct.status === 'running' ? usageOf(ct.typical, 'physpages') : 0);
  const used = containers.reduce((s, ct) => s + physpagesOf(ct), 0);
  if (used > ramPages) {
    for (const ct of containers) scaleMemory(ct.typical, ramPages / used, ct.busy ? busyResources(ct.vswap) : []);
  }
  for (const ct of containers) {
    if (ct.status !== 'running') continue;
    fillHeld(rng, ct.ubc, ct.typical, ct.busy, ct.vswap);
    if (ct.vswap) ct.swappages.held = ct.swappages.maxheld = Math.round(usageOf(ct.typical, 'physpages') * 0.05);
  }
  // The kernel's beancounter list is not sorted: shuffle (Fisher–Yates).
  for (let i = containers.length - 1; i > 0; i--) {
    const j = nextInt(rng, 0, i);
    [containers[i], containers[j]] = [containers[j]!, containers[i]!];
  }

  const ct0 = Object.fromEntries(UBC_RESOURCES.map((res) => [res, beancounter({ barrier: null, limit: null })])) as Ubc;
  const ct0Typical = ct0Usage(rng, hw.ramGib);
  fillHeld(rng, ct0, ct0Typical, false, false);
  ct0.numothersock.failcnt = 0;
  const uptimeSec = nextRange(rng, 3, 400) * 86400;
  for (const ct of containers) {
    if (ct.status !== 'running') continue;
    ct.uptimeSec = uptimeSec * nextRange(rng, 0.05, 1);
    ct.cpuUsedSec = ct.uptimeSec * Math.min(ct.cpus ?? cpus, ct.laverage[2] * 0.4 + 0.01);
  }
  const name = opts.name ?? `sim-${opts.index + 1}`;
  return {
    index: opts.index,
    name,
    hostname: `${name}.vzfleet.test`,
    generation,
    kernelSeries: hw.kernelSeries,
    kernel: hw.kernel,
    cpuModel: hw.cpuModel,
    cpuMhz: hw.cpuMhz,
    bogomips: hw.bogomips,
    memTotalKb: hw.memTotalKb,
    swapTotalKb: hw.swapTotalKb,
    dummyStyle: pick(rng, ['max', 'zero', 'max-then-zero'] as const),
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

/** A CT by the id the tools print ("101" or a UUID), by its number, or (OpenVZ 7) by its name. */
export function findContainer(model: SimNodeModel, id: number | string): SimContainer | undefined {
  const key = String(id);
  return model.containers.find((ct) => ct.ctid === key) ?? model.containers.find((ct) => ct.name !== null && ct.name === key);
}

export function runningContainers(model: SimNodeModel): SimContainer[] {
  return model.containers.filter((ct) => ct.status === 'running');
}

/** Running CTs have a beancounter, scheduler node, vestat/veinfo line. */
export function isRunning(ct: SimContainer): boolean {
  return ct.status === 'running';
}

/** The root is mounted (running or mounted): simfs quota is on, ploop usage can be read. */
export function isMounted(ct: SimContainer): boolean {
  return ct.status === 'running' || ct.status === 'mounted';
}

/** Σ bogomips × 25, truncated (FORMULAS §5.1), summed in doubles as the tool does. */
export function nodePower(model: SimNodeModel): number {
  return Math.trunc(model.bogomips.reduce((sum, b) => sum + Number(b), 0) * 25);
}

