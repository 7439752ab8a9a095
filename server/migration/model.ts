import { z } from 'zod';

/**
 * The planner's view of the fleet: numbers only, in, and numbers out. Built from the collector's
 * latest snapshots (fleet-state.ts) or synthesised by bench/planner; nothing here does I/O.
 *
 * Memory commitment (the promise): Σ promised bytes of the node's running CTs / (RAM + swap) —
 * vzmemcheck's alloc commit per CT where it is finite, else the VSwap RAM + swap limit (vzoversell).
 * Memory in use: Σ bytes the running CTs hold now / (RAM + swap) — vzmemcheck's memswap util.
 * CPU commitment: Σ cpuunits of running CTs (CT0 included) / node power (vzcpucheck).
 * What a move may do to them is judged in limits.ts and fit.ts.
 */
export interface PlanNode {
  id: number;
  name: string;
  generation: 'legacy' | 'vz7' | null;
  kernel: string | null;
  reachable: boolean;
  /** In maintenance (being evacuated): takes no new containers. */
  maintenance: boolean;
  memCapacityBytes: number;
  /** Σ promised bytes of running CTs (CT0 excluded). */
  memCommittedBytes: number;
  /** Σ bytes the running CTs hold now (RAM + swap in use, CT0 excluded). */
  memInUseBytes: number;
  cpuPower: number;
  /** Σ cpuunits of running CTs, CT0 included. */
  cpuCommittedUnits: number;
  /** Free KiB on /vz; null when unknown (not probed yet). */
  diskFreeKb: number | null;
  /** Figures the node claims above its recorded capacity, and the like (capacity.ts), shown with it. */
  warnings?: string[];
}

export interface PlanCt {
  ctId: string;
  nodeId: number;
  running: boolean;
  /** What it is promised (alloc commit or VSwap limit), bytes. */
  memBytes: number;
  /** What it holds now (held), and the most it has held (maxheld): RAM + swap in use, bytes. */
  memHeldBytes: number;
  memPeakBytes: number;
  cpuunits: number;
  diskKb: number;
}

/**
 * What placement allows a move to do to its target, as configured (env.ts). The promise limit is
 * relative to the fleet (limits.ts resolves it): hosting nodes routinely promise 150–200 % of
 * RAM + swap, so a fixed "90 % committed" would refuse every move. Defaults and their reasons:
 * README ("Placement limits") and docs/openvz/FORMULAS.md.
 */
export const thresholdsSchema = z.object({
  /** Highest memory in use on the target after the move, as a fraction of RAM + swap: the rest is the safety margin. */
  memInUse: z.number().min(0.1).max(1).default(0.8),
  /** How far (in fractions of RAM + swap) the target's promise may go above the fleet's 90th percentile promise. */
  memPromiseOverFleet: z.number().min(0).max(5).default(0.25),
  /** The promise no target may pass, whatever the fleet runs (2.5 = 250 % of RAM + swap). */
  memPromiseCeiling: z.number().min(0.1).max(10).default(2.5),
  /** Highest Σ cpuunits / node power on the target after the move: guarantees beyond the power are not guarantees. */
  cpuGuarantee: z.number().min(0.1).max(10).default(1),
  /** Disk that must stay free on the target beyond the CT's own data, KiB. */
  diskReserveKb: z.number().min(0).default(1024 * 1024),
});
export type Thresholds = z.infer<typeof thresholdsSchema>;
export const DEFAULT_THRESHOLDS: Thresholds = thresholdsSchema.parse({});

export interface Commitment {
  /** Promised memory / (RAM + swap). */
  mem: number;
  /** Memory in use / (RAM + swap). */
  memInUse: number;
  /** Σ cpuunits / node power. */
  cpu: number;
}

export function computeCommitment(n: Pick<PlanNode, 'memCommittedBytes' | 'memInUseBytes' | 'memCapacityBytes' | 'cpuCommittedUnits' | 'cpuPower'>): Commitment {
  return {
    mem: n.memCapacityBytes > 0 ? n.memCommittedBytes / n.memCapacityBytes : 0,
    memInUse: n.memCapacityBytes > 0 ? n.memInUseBytes / n.memCapacityBytes : 0,
    cpu: n.cpuPower > 0 ? n.cpuCommittedUnits / n.cpuPower : 0,
  };
}

/**
 * A CT's load as it counts for commitment: only running CTs commit memory and CPU. Arriving, it
 * counts in use at its peak (maxheld): the target has not yet absorbed its peaks. Leaving, at what
 * it holds now.
 */
export function ctLoad(ct: PlanCt, sign: 1 | -1 = 1): { mem: number; memInUse: number; cpu: number } {
  if (!ct.running) return { mem: 0, memInUse: 0, cpu: 0 };
  return { mem: ct.memBytes, memInUse: sign === 1 ? Math.max(ct.memPeakBytes, ct.memHeldBytes) : ct.memHeldBytes, cpu: ct.cpuunits };
}

/** The node after `ct` left (sign -1) or arrived (sign +1). */
export function withMove(n: PlanNode, ct: PlanCt, sign: 1 | -1): PlanNode {
  const load = ctLoad(ct, sign);
  return {
    ...n,
    memCommittedBytes: n.memCommittedBytes + sign * load.mem,
    memInUseBytes: Math.max(0, n.memInUseBytes + sign * load.memInUse),
    cpuCommittedUnits: n.cpuCommittedUnits + sign * load.cpu,
    diskFreeKb: n.diskFreeKb === null ? null : n.diskFreeKb - sign * ct.diskKb,
  };
}

/** The kernel family two nodes must share for checkpoint/restore: "2.6.32-042stab" of 2.6.32-042stab134.8. */
export function kernelFamily(kernel: string | null): string | null {
  if (!kernel) return null;
  const m = /^(\d+\.\d+\.\d+)-(\d*stab|\d+\.vz7)?/.exec(kernel);
  return m ? `${m[1]}-${m[2] ?? ''}` : kernel;
}
