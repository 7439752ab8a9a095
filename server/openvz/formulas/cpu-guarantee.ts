import { failAt, failWhole, splitLines, tokens } from '../tool-text';

/**
 * CPU guarantees as vzcpucheck sees them (docs/openvz/FORMULAS.md §5.1–5.2). "Utilization" here is the sum
 * of the configured weights of running CTs, not CPU usage: it says how much of the node has been
 * promised. Actual usage comes from /proc/vz/vestat deltas, elsewhere.
 */

/** vzcpucheck's scale: power units per BogoMIPS. */
export const POWER_PER_BOGOMIPS = 25;
/** The fair scheduler's numerator: weight = 500000 / cpuunits and back. */
const UNITS_SCALE = 500000;

/**
 * Power of the node: Σ bogomips × 25, truncated, from /proc/cpuinfo. Matched case-insensitively
 * like vzcpucheck's awk (x86 prints `bogomips`, ARM `BogoMIPS`). No bogomips line at all is an
 * error rather than the tool's silent 0, which would make every share infinite.
 */
export function computeNodePower(cpuinfoText: string): number {
  let sum = 0;
  let found = false;
  for (const line of splitLines('vzcpucheck', cpuinfoText)) {
    const t = tokens(line.text);
    if (t[0]?.toLowerCase() !== 'bogomips') continue;
    if (t[1] !== ':' || t[2] === undefined || !/^\d+(\.\d+)?$/.test(t[2]) || t.length !== 3) {
      failAt(line, '/proc/cpuinfo: expected "bogomips : <number>"');
    }
    sum += Number(t[2]);
    found = true;
  }
  if (!found) failWhole('vzcpucheck', '/proc/cpuinfo has no bogomips line: the node power cannot be computed');
  return Math.trunc(sum * POWER_PER_BOGOMIPS);
}

/** Logical CPUs: the `processor : N` lines of /proc/cpuinfo (the node's 100 % per CPU). */
export function computeNodeCpus(cpuinfoText: string): number {
  return splitLines('vzcpucheck', cpuinfoText).filter((l) => tokens(l.text)[0] === 'processor').length;
}

/** vzcpucheck's units from a /proc/fairsched weight; weight 0 counts as 500000. */
export function computeCpuUnitsFromWeight(weight: number): number {
  return weight === 0 ? UNITS_SCALE : Math.trunc(UNITS_SCALE / weight);
}

/** The weight vzctl gives the kernel for a cpuunits setting (so 1500 reads back as 1501). */
export function computeWeightFromCpuunits(cpuunits: number): number {
  return Math.trunc(UNITS_SCALE / cpuunits);
}

export interface CtCpuSettings {
  ctId: string;
  /** The config's CPUUNITS, or vzcpucheck -v's units (what the scheduler really has). */
  cpuunits: number;
  /** Hard cap in percent of ONE CPU; 0 or null/absent = no limit. */
  cpulimit?: number | null;
  /** vCPUs the CT may use at once; null/absent = all. */
  cpus?: number | null;
}

export interface CpuGuarantee {
  ctId: string;
  cpuunits: number;
  /** cpuunits / node power: the fraction of the node's capacity promised to this CT. */
  guaranteedShare: number;
  /** cpuunits / Σ cpuunits of the running CTs (CT0 included): its share when everything is busy. */
  busyShare: number;
  /** busyShare × node power, in power units (what vzcpucheck's numbers are in). */
  busyPower: number;
  /** cpulimit in % of one CPU; null = no limit. */
  cpulimitPercent: number | null;
  /** cpulimit / (node CPUs × 100): the cap as a share of the whole node; null = no limit. */
  cpulimitShare: number | null;
  /** The stricter of cpulimit and cpus × 100 %, as a share of the node; null = no cap at all. */
  capShare: number | null;
}

export interface NodeCpuCommitment {
  nodePower: number;
  /** Σ cpuunits of the running CTs (CT0 included): vzcpucheck's "Current CPU utilization". */
  utilization: number;
  /** utilization / nodePower; above 1 the guarantees exceed the node (the tool's warning). */
  committed: number;
  overcommitted: boolean;
  containers: CpuGuarantee[];
}

/**
 * Shares for every running CT. Pass CT0 too (vzcpucheck -v lists it as "0"): the node's own
 * weight takes part in the scheduler like any CT.
 */
export function computeCpuGuarantees(
  running: readonly CtCpuSettings[],
  nodePower: number,
  nodeCpus: number,
): NodeCpuCommitment {
  if (!(nodePower > 0)) throw new RangeError(`node power must be positive, got ${nodePower}`);
  if (!(nodeCpus > 0)) throw new RangeError(`node CPU count must be positive, got ${nodeCpus}`);
  const utilization = running.reduce((s, c) => s + c.cpuunits, 0);
  const nodePercent = nodeCpus * 100;
  const containers = running.map((c): CpuGuarantee => {
    const busyShare = utilization === 0 ? 0 : c.cpuunits / utilization;
    const cpulimitPercent = c.cpulimit ? c.cpulimit : null;
    const caps = [cpulimitPercent, c.cpus ? c.cpus * 100 : null].filter((v): v is number => v !== null);
    return {
      ctId: c.ctId,
      cpuunits: c.cpuunits,
      guaranteedShare: c.cpuunits / nodePower,
      busyShare,
      busyPower: busyShare * nodePower,
      cpulimitPercent,
      cpulimitShare: cpulimitPercent === null ? null : cpulimitPercent / nodePercent,
      capShare: caps.length === 0 ? null : Math.min(...caps, nodePercent) / nodePercent,
    };
  });
  return { nodePower, utilization, committed: utilization / nodePower, overcommitted: utilization > nodePower, containers };
}
