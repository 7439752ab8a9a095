/**
 * The hardware node itself: its OpenVZ generation, kernel, RAM, swap and CPUs. Sizes follow the
 * container count, so that a `--cts 60` node is a 64–256 GiB machine, and the CPUs follow the RAM;
 * older kernels run on older hardware. Deterministic: everything comes from the seed.
 */
import { createRng, deriveSeed, nextFloat, nextInt, pick, type RngState } from './prng';

export type Generation = 'legacy' | 'vz7';
/** What a caller may ask for: one generation, or 'mixed' (the default: ~30 % OpenVZ 7). */
export type GenerationChoice = Generation | 'mixed';
export const GENERATION_CHOICES: readonly GenerationChoice[] = ['legacy', 'vz7', 'mixed'];
export type KernelSeries = '2.6.18' | '2.6.32' | '3.10';

/** Share of OpenVZ 7 nodes in a mixed fleet. */
export const VZ7_SHARE = 0.3;

/**
 * The generation of node `index` whose model seed is `nodeSeed`. 'mixed' draws ~30 % OpenVZ 7,
 * except that node 0 is always legacy (the fleet's first node shows the classic tools). The draw
 * uses its own stream, so it does not disturb the rest of the model.
 */
export function resolveGeneration(choice: GenerationChoice | undefined, nodeSeed: number, index: number): Generation {
  if (choice === 'legacy' || choice === 'vz7') return choice;
  if (index === 0) return 'legacy';
  return nextFloat(createRng(deriveSeed(nodeSeed ^ 0x5a17c0de, index))) < VZ7_SHARE ? 'vz7' : 'legacy';
}

export interface NodeHardware {
  generation: Generation;
  kernelSeries: KernelSeries;
  /** `uname -r` */
  kernel: string;
  ramGib: number;
  swapGib: number;
  memTotalKb: number;
  swapTotalKb: number;
  cpuModel: string;
  cpuMhz: number;
  /** bogomips of each CPU as /proc/cpuinfo prints it (2 decimals). */
  bogomips: string[];
}

const KERNELS: Record<KernelSeries, readonly string[]> = {
  '2.6.18': ['2.6.18-419.el5.028stab123.1', '2.6.18-408.el5.028stab122.4'],
  '2.6.32': ['2.6.32-042stab141.3', '2.6.32-042stab134.8', '2.6.32-042stab127.2', '2.6.32-042stab120.11'],
  '3.10': ['3.10.0-327.3.1.vz7.10.11', '3.10.0-862.20.2.vz7.73.29', '3.10.0-957.12.2.vz7.96.21', '3.10.0-1160.80.1.vz7.191.4'],
};

/** [model name, MHz] per hardware era (the model name keeps the kernel's own spacing). */
const CPU_MODELS: Record<KernelSeries, readonly (readonly [string, number])[]> = {
  '2.6.18': [
    ['Intel(R) Xeon(R) CPU           E5520  @ 2.27GHz', 2266.746],
    ['Intel(R) Xeon(R) CPU           X5650  @ 2.67GHz', 2666.761],
    ['Intel(R) Xeon(R) CPU           E5620  @ 2.40GHz', 2400.084],
  ],
  '2.6.32': [
    ['Intel(R) Xeon(R) CPU           E5620  @ 2.40GHz', 2400.084],
    ['Intel(R) Xeon(R) CPU           X5670  @ 2.93GHz', 2933.437],
    ['Intel(R) Xeon(R) CPU E5-2650 0 @ 2.00GHz', 1999.983],
    ['Intel(R) Xeon(R) CPU E5-2630 v2 @ 2.60GHz', 2600.112],
    ['Intel(R) Xeon(R) CPU E5-2660 v2 @ 2.20GHz', 2199.982],
  ],
  '3.10': [
    ['Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz', 2400.0],
    ['Intel(R) Xeon(R) CPU E5-2697 v3 @ 2.60GHz', 2599.998],
    ['Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz', 2100.0],
    ['Intel(R) Xeon(R) Silver 4214 CPU @ 2.20GHz', 2200.0],
  ],
};

const RAM_GIB = [16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512] as const;
const CPU_COUNTS = [4, 8, 12, 16, 24, 32, 40, 48, 56, 64] as const;
const ERA_RAM: Record<KernelSeries, readonly [number, number]> = { '2.6.18': [16, 96], '2.6.32': [16, 256], '3.10': [64, 512] };
const ERA_CPUS: Record<KernelSeries, readonly [number, number]> = { '2.6.18': [4, 16], '2.6.32': [4, 40], '3.10': [8, 64] };

function within<T extends number>(items: readonly T[], lo: number, hi: number): T[] {
  return items.filter((v) => v >= lo && v <= hi);
}

/** RAM for `cts` containers: roughly 1–4.5 GiB per CT, within what the era's servers held. */
function pickRam(rng: RngState, cts: number, series: KernelSeries): number {
  const lo = Math.min(512, Math.max(16, cts * 0.9));
  const hi = Math.min(512, Math.max(64, cts * 4.5));
  const [eraLo, eraHi] = ERA_RAM[series];
  const fits = within(RAM_GIB, Math.max(lo, eraLo), Math.min(hi, eraHi));
  if (fits.length > 0) return pick(rng, fits);
  return pick(rng, within(RAM_GIB, lo, hi).length > 0 ? within(RAM_GIB, lo, hi) : [RAM_GIB.find((g) => g >= lo) ?? 512]);
}

/** CPUs: 2–8 GiB of RAM per logical CPU, within the era's range. */
function pickCpus(rng: RngState, ramGib: number, series: KernelSeries): number {
  const [eraLo, eraHi] = ERA_CPUS[series];
  const fits = within(CPU_COUNTS, Math.max(eraLo, ramGib / 8), Math.min(eraHi, ramGib / 2));
  if (fits.length > 0) return pick(rng, fits);
  const target = Math.min(eraHi, Math.max(eraLo, ramGib / 4));
  return CPU_COUNTS.reduce((best, c) => (Math.abs(c - target) < Math.abs(best - target) ? c : best));
}

export function createHardware(rng: RngState, generation: Generation, index: number, cts: number): NodeHardware {
  const series: KernelSeries = generation === 'vz7' ? '3.10' : index > 0 && nextFloat(rng) < 0.2 ? '2.6.18' : '2.6.32';
  const ramGib = pickRam(rng, cts, series);
  const swapGib = generation === 'vz7' ? pick(rng, [4, 8, 16, 32]) : pick(rng, [2, 4, 8, 16]);
  const cpus = pickCpus(rng, ramGib, series);
  const [cpuModel, cpuMhz] = pick(rng, CPU_MODELS[series]);
  // Hyper-threaded Xeons report about twice their clock as bogomips, the same on every CPU.
  const bogo = (Math.floor(cpuMhz * 200) + nextInt(rng, 0, 40)) / 100;
  return {
    generation,
    kernelSeries: series,
    // Node 0 runs the newest kernel of its series: the fleet's first node is the familiar one.
    kernel: index === 0 ? (pick(rng, KERNELS[series]), KERNELS[series][0]!) : pick(rng, KERNELS[series]),
    ramGib,
    swapGib,
    memTotalKb: ramGib * 1048576 - nextInt(rng, 180000, 420000),
    swapTotalKb: swapGib * 1048576 - 4,
    cpuModel,
    cpuMhz,
    bogomips: Array.from({ length: cpus }, () => bogo.toFixed(2)),
  };
}
