/**
 * Synthetic but realistic node snapshots for the history benchmark, shaped like the simulator's
 * (sim/world/usage.ts, sim/world/drift.ts): per CT a typical value per beancounter, held random-walking around
 * it (mean reversion 0.1, noise 4 % of typical, at least 1); vmguarpages and dgramrcvbuf held at 0,
 * lockedpages mostly 0; half the CTs VSwap (barriers mostly unlimited), half classic UBC (finite).
 * The snapshot objects are reused and mutated in place by step(), as a collector's would be new.
 */
import type { ContainerRecord, NodeSnapshot } from '../../server/collector/interpret';
import type { Beancounter } from '../../server/openvz/beancounters';

export const RESOURCES = [
  'kmemsize', 'lockedpages', 'privvmpages', 'shmpages', 'numproc', 'physpages', 'vmguarpages', 'oomguarpages',
  'numtcpsock', 'numflock', 'numpty', 'numsiginfo', 'tcpsndbuf', 'tcprcvbuf', 'othersockbuf', 'dgramrcvbuf',
  'numothersock', 'dcachesize', 'numfile', 'numiptent',
] as const;

/** Deterministic PRNG (mulberry32) so runs are comparable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

interface Walk {
  bc: Beancounter;
  typical: number;
}

export interface SyntheticNode {
  snapshot: NodeSnapshot;
  walks: Walk[];
  disks: ContainerRecord['quota'][];
  r: () => number;
}

const range = (r: () => number, lo: number, hi: number) => lo + (hi - lo) * r();

function typicalValues(r: () => number, soldPages: number): Record<(typeof RESOURCES)[number], number> {
  const numproc = Math.max(8, range(r, 15, 120));
  const privvm = soldPages * range(r, 0.12, 0.55);
  const phys = privvm * range(r, 0.35, 0.6);
  const tcp = Math.max(2, range(r, 5, 50));
  const other = Math.max(4, range(r, 30, 160));
  const numfile = numproc * range(r, 20, 70);
  return {
    kmemsize: numproc * range(r, 60000, 150000),
    lockedpages: [0, 0, 0, 4, 16][Math.floor(r() * 5)]!,
    privvmpages: privvm,
    shmpages: privvm * range(r, 0.005, 0.05),
    numproc,
    physpages: phys,
    vmguarpages: 0,
    oomguarpages: phys * range(r, 1, 1.05),
    numtcpsock: tcp,
    numflock: numproc * 0.1 + Math.floor(range(r, 1, 10)),
    numpty: Math.floor(range(r, 0, 3)),
    numsiginfo: Math.floor(range(r, 0, 3)),
    tcpsndbuf: tcp * range(r, 8000, 20000),
    tcprcvbuf: tcp * 16384,
    othersockbuf: other * range(r, 900, 2200),
    dgramrcvbuf: 0,
    numothersock: other,
    dcachesize: numfile * range(r, 200, 900),
    numfile,
    numiptent: Math.floor(range(r, 8, 40)),
  };
}

function block(r: () => number, ctId: string, walks: Walk[]): { ctId: string; beancounters: Beancounter[] } {
  const sold = [65536, 131072, 262144, 524288][Math.floor(r() * 4)]!;
  const vswap = r() < 0.5;
  const typical = typicalValues(r, sold);
  const beancounters = RESOURCES.map((resource): Beancounter => {
    const t = Math.round(typical[resource]);
    let barrier: number | null = null;
    let limit: number | null = null;
    if (vswap) {
      if (resource === 'physpages') limit = sold;
      if (resource === 'numproc') barrier = limit = 4000;
    } else {
      barrier = resource === 'privvmpages' ? sold : Math.max(t * 4, 64);
      limit = Math.round(barrier * 1.1);
    }
    const bc: Beancounter = { resource, held: t, maxheld: t, barrier, limit, failcnt: r() < 0.05 ? Math.floor(r() * 50) : 0 };
    walks.push({ bc, typical: t });
    return bc;
  });
  if (vswap) {
    const swap: Beancounter = { resource: 'swappages', held: 0, maxheld: 0, barrier: 0, limit: sold * 2, failcnt: 0 };
    walks.push({ bc: swap, typical: Math.round(sold * 0.01) });
    beancounters.push(swap);
  }
  return { ctId, beancounters };
}

export function createNode(seed: number, cts: number): SyntheticNode {
  const r = rng(seed);
  const walks: Walk[] = [];
  const blocks = [block(r, '0', walks)];
  const containers: ContainerRecord[] = [];
  const disks: ContainerRecord['quota'][] = [];
  for (let i = 0; i < cts; i++) {
    const ctId = String(101 + i);
    blocks.push(block(r, ctId, walks));
    const hard = [10, 20, 50, 100][Math.floor(r() * 4)]! * 2 ** 20;
    const quota = {
      blocksUsage: Math.round(hard * range(r, 0.1, 0.8)),
      blocksSoft: Math.round(hard * 0.9),
      blocksHard: hard,
      inodesUsage: Math.round(range(r, 2e4, 2e5)),
      inodesSoft: 400000,
      inodesHard: 440000,
    };
    disks.push(quota);
    containers.push({ ctId, status: 'running', hostname: `ct${ctId}.example`, osTemplate: 'centos-7-x86_64', ips: [], cpuunits: 1000, cpulimit: null, quota });
  }
  const snapshot: NodeSnapshot = {
    beancounters: blocks,
    containers,
    cpu: { containers: null, currentUtilization: 1000 * (cts + 1), nodePower: 400000, overcommitted: false },
    memory: { memTotalKb: 64 * 2 ** 20, swapTotalKb: 16 * 2 ** 20, lowTotalKb: null },
    problems: [],
  };
  return { snapshot, walks, disks, r };
}

/** One poll interval (15 s) of drift: three of the simulator's 5-s steps folded into one. */
export function step(node: SyntheticNode): void {
  const { r } = node;
  for (const w of node.walks) {
    if (w.typical === 0) continue;
    const noise = gauss(r) * Math.max(1, w.typical * 0.04) * Math.SQRT2;
    w.bc.held = Math.max(0, Math.round(w.bc.held + (w.typical - w.bc.held) * 0.27 + noise));
    if (w.bc.held > w.bc.maxheld) w.bc.maxheld = w.bc.held;
  }
  for (const q of node.disks) {
    if (r() < 0.3) q.blocksUsage = Math.max(0, q.blocksUsage! + Math.round(gauss(r) * 2000));
    if (r() < 0.3) q.inodesUsage = Math.max(0, q.inodesUsage! + Math.round(gauss(r) * 20));
  }
}
