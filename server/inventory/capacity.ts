/**
 * A node's figures as it claims them against its capacity as an admin recorded it. A node that has
 * been taken over can report any RAM, disk or CPU power to draw containers to itself; placement
 * uses the smaller of claimed and recorded, and the pages flag every figure that disagrees. Pure.
 */

/** Recorded by an admin in the inventory (node_capacity); null = not recorded. */
export interface RecordedCapacity {
  ramBytes: number | null;
  swapBytes: number | null;
  vzDiskBytes: number | null;
  cpuPower: number | null;
}

/** As the node reports them (meminfo, df of /vz, vzcpucheck); null = not reported. */
export interface ClaimedCapacity {
  ramBytes: number | null;
  swapBytes: number | null;
  /** Free bytes on /vz: can never exceed the file system's size. */
  vzFreeBytes: number | null;
  cpuPower: number | null;
}

export type CapacityFigure = 'RAM' | 'swap' | 'disk on /vz' | 'CPU power';

export interface CapacityWarning {
  figure: CapacityFigure;
  claimed: number;
  recorded: number;
  message: string;
}

/** Containers a node may report for placement; past it the node is no target (its list is not believed). */
export const MAX_PLAN_CTS_PER_NODE = 2000;

/**
 * Upper bounds on what any node may claim, recorded capacity or not: beyond any real OpenVZ host,
 * so a node cannot rank first by an absurd figure even before an admin records its hardware.
 */
export const MAX_CLAIM = { ramBytes: 2 ** 44 /* 16 TiB */, swapBytes: 2 ** 44, vzFreeBytes: 2 ** 50 /* 1 PiB */, cpuPower: 10_000_000 } as const;

const PAIRS: [CapacityFigure, keyof ClaimedCapacity, keyof RecordedCapacity][] = [
  ['RAM', 'ramBytes', 'ramBytes'],
  ['swap', 'swapBytes', 'swapBytes'],
  ['disk on /vz', 'vzFreeBytes', 'vzDiskBytes'],
  ['CPU power', 'cpuPower', 'cpuPower'],
];

/** Every figure the node claims above its recorded capacity. */
export function findCapacityWarnings(claimed: ClaimedCapacity, recorded: RecordedCapacity | null): CapacityWarning[] {
  if (!recorded) return [];
  const out: CapacityWarning[] = [];
  for (const [figure, c, r] of PAIRS) {
    const got = claimed[c];
    const real = recorded[r];
    if (got === null || real === null || got <= real) continue;
    out.push({ figure, claimed: got, recorded: real, message: `the node reports more ${figure} than its recorded capacity` });
  }
  return out;
}

const lowest = (claimed: number | null, ...bounds: (number | null)[]): number | null =>
  claimed === null ? null : Math.min(claimed, ...bounds.filter((b): b is number => b !== null));

/** What placement believes: each claimed figure, but never above the recorded capacity or MAX_CLAIM. */
export function believedCapacity(claimed: ClaimedCapacity, recorded: RecordedCapacity | null): ClaimedCapacity {
  return {
    ramBytes: lowest(claimed.ramBytes, recorded?.ramBytes ?? null, MAX_CLAIM.ramBytes),
    swapBytes: lowest(claimed.swapBytes, recorded?.swapBytes ?? null, MAX_CLAIM.swapBytes),
    vzFreeBytes: lowest(claimed.vzFreeBytes, recorded?.vzDiskBytes ?? null, MAX_CLAIM.vzFreeBytes),
    cpuPower: lowest(claimed.cpuPower, recorded?.cpuPower ?? null, MAX_CLAIM.cpuPower),
  };
}
