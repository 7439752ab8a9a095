/**
 * Typical held values of a container (what its beancounters hover around), derived from its plan.
 * Shapes follow the real samples: ~60–150 KB of kmemsize per process, physpages ≈ half of
 * privvmpages, oomguarpages ≈ physpages, dgramrcvbuf and vmguarpages held at 0. Kept in a
 * Float64Array indexed like UBC_RESOURCES (UBC_INDEX) so 60 000 CTs stay small.
 */
import type { SimBeancounter, Ubc, Usage } from './types';
import { UBC_INDEX, UBC_RESOURCES, VZ7_UNACCOUNTED, type UbcResource } from './plans';
import { nextFloat, nextInt, nextRange, pick, type RngState } from './prng';

export function usageOf(usage: Usage, res: UbcResource): number {
  return usage[UBC_INDEX[res]]!;
}

/** The value held may not pass without a failure: the barrier, or the limit for guarantees. */
export function capOf(resource: UbcResource, bc: SimBeancounter): number | null {
  const guarantee = resource === 'vmguarpages' || resource === 'oomguarpages' || resource === 'physpages';
  if (guarantee || bc.barrier === null || bc.barrier === 0) return bc.limit;
  return bc.barrier;
}

/**
 * Resources the busy CT pushes past its cap (so failcnt grows): privvmpages on a classic UBC CT,
 * physpages (its RAM, FORMULAS §1.4) on a VSwap or OpenVZ 7 CT; numproc on all (a fork bomb).
 */
export function busyResources(vswap: boolean): readonly UbcResource[] {
  return vswap ? BUSY_VSWAP : BUSY_UBC;
}
const BUSY_UBC: readonly UbcResource[] = ['privvmpages', 'numproc'];
const BUSY_VSWAP: readonly UbcResource[] = ['physpages', 'numproc'];

export interface UsageShape {
  busy: boolean;
  vswap: boolean;
  /** OpenVZ 7: the socket beancounters are not charged any more (held stays 0). */
  vz7: boolean;
}

/** Memory the CT was sold, in pages: its RAM on VSwap/OpenVZ 7, its privvmpages barrier otherwise. */
function soldPages(ubc: Ubc, vswap: boolean): number {
  if (vswap) return ubc.physpages.limit ?? 262144;
  return ubc.privvmpages.barrier ?? ubc.privvmpages.limit ?? 262144;
}

export function initialUsage(rng: RngState, ubc: Ubc, shape: UsageShape): Usage {
  const sold = soldPages(ubc, shape.vswap);
  const numprocCap = capOf('numproc', ubc.numproc) ?? 240 * 4;
  const numprocRef = Math.min(numprocCap, 1200);
  const privvm = shape.busy && !shape.vswap ? sold * 1.03 : sold * (shape.vswap ? nextRange(rng, 0.3, 1.1) : nextRange(rng, 0.12, 0.55));
  const numproc = shape.busy ? numprocCap + 3 : Math.max(8, numprocRef * nextRange(rng, 0.06, 0.35));
  const physpages = shape.busy && shape.vswap ? sold * 1.03 : shape.vswap ? Math.min(privvm * nextRange(rng, 0.4, 0.7), sold * 0.85) : privvm * nextRange(rng, 0.35, 0.6);
  const numtcpsock = Math.max(2, (capOf('numtcpsock', ubc.numtcpsock) ?? 360) * nextRange(rng, 0.02, 0.15));
  const numothersock = Math.max(4, (capOf('numothersock', ubc.numothersock) ?? 360) * nextRange(rng, 0.1, 0.45));
  const numfile = numproc * nextRange(rng, 20, 70);
  const values: Record<UbcResource, number> = {
    kmemsize: numproc * nextRange(rng, 60000, 150000),
    lockedpages: pick(rng, [0, 0, 0, 4, 16]),
    privvmpages: privvm,
    shmpages: privvm * nextRange(rng, 0.005, 0.05),
    numproc,
    physpages,
    vmguarpages: 0,
    oomguarpages: physpages * nextRange(rng, 1, 1.05),
    numtcpsock,
    numflock: numproc * 0.1 + nextInt(rng, 1, 10),
    numpty: nextInt(rng, 0, 2),
    numsiginfo: nextInt(rng, 0, 2),
    tcpsndbuf: numtcpsock * nextRange(rng, 8000, 20000),
    tcprcvbuf: numtcpsock * 16384,
    othersockbuf: numothersock * nextRange(rng, 900, 2200),
    dgramrcvbuf: 0,
    numothersock,
    dcachesize: numfile * nextRange(rng, 200, 900),
    numfile,
    numiptent: nextInt(rng, 8, 40),
  };
  if (shape.vz7) for (const res of VZ7_UNACCOUNTED) values[res] = 0;
  const pushes = shape.busy ? busyResources(shape.vswap) : [];
  const usage = new Float64Array(UBC_RESOURCES.length);
  UBC_RESOURCES.forEach((res, i) => {
    const cap = capOf(res, ubc[res]);
    let v = values[res];
    if (cap !== null && !pushes.includes(res)) v = Math.min(v, cap * 0.9);
    usage[i] = Math.round(v);
  });
  return usage;
}

/** Scales the memory-like typical values (not the busy CT's pushed ones), when a node is full. */
export function scaleMemory(usage: Usage, factor: number, pushed: readonly UbcResource[]): void {
  for (const res of ['privvmpages', 'physpages', 'oomguarpages', 'shmpages'] as const) {
    if (!pushed.includes(res)) usage[UBC_INDEX[res]] = Math.round(usage[UBC_INDEX[res]]! * factor);
  }
}

/** The host's own usage (block 0), shaped like the scout sample's CT0 block, scaled by RAM. */
export function ct0Usage(rng: RngState, ramGib: number): Usage {
  const f = Math.sqrt(ramGib / 16) * nextRange(rng, 0.8, 1.2);
  const physpages = Math.round(155069 * f);
  const v = (x: number) => Math.round(x * f);
  const values: Record<UbcResource, number> = {
    kmemsize: v(29696618),
    lockedpages: v(5847),
    privvmpages: v(469383),
    shmpages: v(842),
    numproc: v(152),
    physpages,
    vmguarpages: 0,
    oomguarpages: physpages,
    numtcpsock: v(13),
    numflock: v(4),
    numpty: 1,
    numsiginfo: 1,
    tcpsndbuf: v(227552),
    tcprcvbuf: v(212992),
    othersockbuf: v(305912),
    dgramrcvbuf: 0,
    numothersock: v(237),
    dcachesize: 0,
    numfile: v(5967),
    numiptent: v(73),
  };
  return Float64Array.from(UBC_RESOURCES.map((res) => values[res]));
}

/** A fresh held/maxheld around the typical values (CT start, or model creation). */
export function fillHeld(rng: RngState, ubc: Ubc, typical: Usage, busy: boolean, vswap: boolean): void {
  UBC_RESOURCES.forEach((res, i) => {
    const bc = ubc[res];
    const cap = capOf(res, bc);
    const held = Math.max(0, Math.round(typical[i]! * (1 + 0.04 * (nextFloat(rng) - 0.5))));
    bc.held = cap === null ? held : Math.min(held, Math.floor(cap * 0.99));
    const peak = Math.max(bc.held, Math.round(bc.held * nextRange(rng, 1, 1.6)));
    bc.maxheld = cap === null ? peak : Math.max(bc.held, Math.min(peak, Math.floor(cap * 0.98)));
  });
  if (busy) {
    for (const res of busyResources(vswap)) {
      ubc[res].maxheld = capOf(res, ubc[res]) ?? ubc[res].maxheld;
      ubc[res].failcnt = nextInt(rng, 5, 120);
    }
  } else if (nextFloat(rng) < 0.2 && typical[UBC_INDEX.numothersock]! > 0) {
    ubc.numothersock.failcnt = nextInt(rng, 1, 600);
  }
}
