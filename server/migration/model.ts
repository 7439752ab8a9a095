import { z } from 'zod';

/**
 * The planner's view of the fleet: numbers only, in, and numbers out. Built from the collector's
 * latest snapshots (fleet-state.ts) or synthesised by bench/planner; nothing here does I/O.
 *
 * Memory commitment: Σ promised bytes of the node's running CTs / (RAM + swap) — vzmemcheck's
 * alloc commit per CT where it is finite, else the VSwap RAM + swap limit (vzoversell).
 * CPU commitment: Σ cpuunits of running CTs (CT0 included) / node power (vzcpucheck).
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
  memBytes: number;
  cpuunits: number;
  diskKb: number;
}

export const thresholdsSchema = z.object({
  /** Highest memory commitment a target may reach after a move (1 = 100 % of RAM + swap). */
  memCommit: z.number().min(0.1).max(10).default(0.9),
  cpuCommit: z.number().min(0.1).max(10).default(0.9),
  /** Disk that must stay free on the target beyond the CT's own data, KiB. */
  diskReserveKb: z.number().min(0).default(1024 * 1024),
});
export type Thresholds = z.infer<typeof thresholdsSchema>;
export const DEFAULT_THRESHOLDS: Thresholds = thresholdsSchema.parse({});

export interface Commitment {
  mem: number;
  cpu: number;
}

export function computeCommitment(n: Pick<PlanNode, 'memCommittedBytes' | 'memCapacityBytes' | 'cpuCommittedUnits' | 'cpuPower'>): Commitment {
  return {
    mem: n.memCapacityBytes > 0 ? n.memCommittedBytes / n.memCapacityBytes : 0,
    cpu: n.cpuPower > 0 ? n.cpuCommittedUnits / n.cpuPower : 0,
  };
}

/** A CT's load as it counts for commitment: only running CTs commit memory and CPU. */
export function ctLoad(ct: PlanCt): { mem: number; cpu: number } {
  return ct.running ? { mem: ct.memBytes, cpu: ct.cpuunits } : { mem: 0, cpu: 0 };
}

/** The node after `ct` left (sign -1) or arrived (sign +1). */
export function withMove(n: PlanNode, ct: PlanCt, sign: 1 | -1): PlanNode {
  const load = ctLoad(ct);
  return {
    ...n,
    memCommittedBytes: n.memCommittedBytes + sign * load.mem,
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
