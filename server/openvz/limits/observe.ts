import { computeCpuUnitsFromWeight, computeWeightFromCpuunits } from '../formulas/cpu-guarantee';
import { isUbcParam, type LimitChange, type LimitParam } from './params';
import { sameRows } from '../beancounters';

/**
 * Reading a limit back from a poll: did the node take the value vzfleet sent, and did anything
 * change between two polls that vzfleet did not send (docs/openvz/LIMITS.md §5). Pure.
 */

/** What one poll shows of a CT's settings; undefined = this poll did not read it. */
export interface CtObserved {
  ubc: ReadonlyArray<{ resource: string; barrier: number | null; limit: number | null }>;
  /** vzlist's fields: only full polls read them. */
  cpuunits?: number | null;
  cpulimit?: number | null;
  diskspace?: { soft: number; hard: number } | null;
  diskinodes?: { soft: number; hard: number } | null;
}

/** A setting's value without its name, as stored beside a change. */
export type LimitValue = Record<string, number | null>;

export function valueOfChange(change: LimitChange): LimitValue {
  const { param: _p, ...rest } = change;
  return rest as LimitValue;
}

const MIB = 2 ** 20;
const PAGE = 4096;

/** The setting as this poll shows it, in the change's own shape; undefined when the poll does not read it. */
export function observedValue(param: LimitParam, ct: CtObserved): LimitValue | undefined {
  if (isUbcParam(param)) {
    const row = ct.ubc.find((r) => r.resource === param);
    return row ? { barrier: row.barrier, limit: row.limit } : undefined;
  }
  if (param === 'ram' || param === 'swap') {
    const row = ct.ubc.find((r) => r.resource === (param === 'ram' ? 'physpages' : 'swappages'));
    return row && row.limit !== null ? { bytes: row.limit * PAGE } : undefined;
  }
  if (param === 'cpuunits' || param === 'cpulimit') {
    const v = ct[param];
    return v === undefined || v === null ? undefined : { value: v };
  }
  if (param === 'diskspace' || param === 'diskinodes') {
    const q = ct[param];
    return q ? { soft: q.soft, hard: q.hard } : undefined;
  }
  return undefined; // cpus, ioprio: not collected
}

/** Does what the poll shows match what was sent, allowing for the tools' own rounding? */
export function isSameSetting(param: LimitParam, sent: LimitValue, seen: LimitValue): boolean {
  if (param === 'ram' || param === 'swap') return Math.ceil(sent.bytes! / MIB) * MIB === seen.bytes;
  if (param === 'cpuunits') {
    // The scheduler keeps a weight: vzcpucheck reads 1500 back as 1501.
    return seen.value === sent.value || seen.value === computeCpuUnitsFromWeight(computeWeightFromCpuunits(sent.value!));
  }
  const keys = new Set([...Object.keys(sent), ...Object.keys(seen)]);
  return [...keys].every((k) => sent[k] === seen[k]);
}

export type Settlement = { status: 'confirmed' } | { status: 'mismatch'; observed: LimitValue } | { status: 'unknown' };

export function settleLimitChange(param: LimitParam, sent: LimitValue, ct: CtObserved): Settlement {
  const seen = observedValue(param, ct);
  if (seen === undefined) return { status: 'unknown' };
  return isSameSetting(param, sent, seen) ? { status: 'confirmed' } : { status: 'mismatch', observed: seen };
}

export interface ObservedChange {
  param: LimitParam;
  before: LimitValue;
  after: LimitValue;
}

const DIFF_PARAMS: readonly LimitParam[] = ['cpuunits', 'cpulimit', 'diskspace', 'diskinodes'];

/** Same resources in the same order with the same barrier and limit each. */
export function sameUbcLimits(a: CtObserved['ubc'], b: CtObserved['ubc']): boolean {
  return sameRows(a, b, (x, y) => x.barrier === y.barrier && x.limit === y.limit);
}

/** Settings that differ between two polls of the same CT (rows or fields one of them lacks are not compared). */
export function diffObservedLimits(prev: CtObserved, next: CtObserved): ObservedChange[] {
  const out: ObservedChange[] = [];
  // The common poll has the same rows with the same barriers and limits: no row can differ.
  if (!sameUbcLimits(prev.ubc, next.ubc)) {
    const before = new Map(prev.ubc.map((r) => [r.resource, r]));
    for (const r of next.ubc) {
      const p = before.get(r.resource);
      if (!p || !isUbcParam(r.resource) || (p.barrier === r.barrier && p.limit === r.limit)) continue;
      out.push({ param: r.resource, before: { barrier: p.barrier, limit: p.limit }, after: { barrier: r.barrier, limit: r.limit } });
    }
  }
  for (const param of DIFF_PARAMS) {
    const a = observedValue(param, prev);
    const b = observedValue(param, next);
    if (a && b && !isSameSetting(param, a, b)) out.push({ param, before: a, after: b });
  }
  return out;
}
