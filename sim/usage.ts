/**
 * Typical held values of a container (what its beancounters hover around), derived from its plan.
 * Shapes follow the real samples: ~60–150 KB of kmemsize per process, physpages ≈ half of
 * privvmpages, oomguarpages ≈ physpages, dgramrcvbuf and vmguarpages held at 0.
 */
import type { SimBeancounter, Ubc } from './model';
import { UBC_RESOURCES, type UbcResource } from './plans';
import { nextInt, nextRange, pick, type RngState } from './prng';

export type Usage = Record<UbcResource, number>;

/** The value held may not pass without a failure: the barrier, or the limit for guarantees. */
export function capOf(resource: UbcResource, bc: SimBeancounter): number | null {
  const guarantee = resource === 'vmguarpages' || resource === 'oomguarpages' || resource === 'physpages';
  if (guarantee || bc.barrier === null || bc.barrier === 0) return bc.limit;
  return bc.barrier;
}

/** Resources the busy CT pushes past the barrier (so failcnt grows). */
export const BUSY_RESOURCES: readonly UbcResource[] = ['privvmpages', 'numproc'];

export function initialUsage(rng: RngState, ubc: Ubc, busy: boolean): Usage {
  const privvmCap = ubc.privvmpages.barrier ?? ubc.privvmpages.limit ?? 262144;
  const numprocCap = ubc.numproc.barrier ?? 240;
  const privvm = busy ? privvmCap * 1.03 : privvmCap * nextRange(rng, 0.12, 0.55);
  const numproc = busy ? numprocCap + 3 : Math.max(8, numprocCap * nextRange(rng, 0.06, 0.35));
  const physpages = privvm * nextRange(rng, 0.35, 0.6);
  const numtcpsock = Math.max(2, (ubc.numtcpsock.barrier ?? 360) * nextRange(rng, 0.02, 0.15));
  const numothersock = Math.max(4, (ubc.numothersock.barrier ?? 360) * nextRange(rng, 0.1, 0.45));
  const numfile = numproc * nextRange(rng, 20, 70);
  const usage: Usage = {
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
  for (const res of UBC_RESOURCES) {
    const cap = capOf(res, ubc[res]);
    const pushes = busy && BUSY_RESOURCES.includes(res);
    let v = usage[res];
    if (cap !== null && !pushes) v = Math.min(v, cap * 0.9);
    usage[res] = Math.round(v);
  }
  return usage;
}

/** The host's own usage (block 0), shaped like the scout sample's CT0 block, scaled by RAM. */
export function ct0Usage(rng: RngState, ramGib: number): Usage {
  const f = Math.sqrt(ramGib / 16) * nextRange(rng, 0.8, 1.2);
  const physpages = Math.round(155069 * f);
  const v = (x: number) => Math.round(x * f);
  return {
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
}
