/**
 * A proposed change and a CT's current settings, in the tools' own units (the parameter names and
 * units: vocabulary/limit-param.ts). Pure: no I/O.
 */

export {
  UBC_PARAMS, SCALAR_PARAMS, VSWAP_PARAMS, QUOTA_PARAMS, LIMIT_PARAMS, PARAM_INFO, isUbcParam, isLimitParam, toDisplay, fromDisplay,
  type UbcParam, type ScalarParam, type VswapParam, type QuotaParam, type LimitParam, type KernelUnit, type DisplayUnit, type ParamInfo,
  type LimitChange, type CtLimits,
} from '../../../vocabulary/limit-param';
import type { UbcParam, LimitChange, CtLimits } from '../../../vocabulary/limit-param';

const PAGE = 4096;

/** The kernel's "unlimited" on 64-bit: LONG_MAX. vzctl prints and accepts the word `unlimited`. */
export const LONG_MAX_TEXT = '9223372036854775807';

/** The node facts the rules depend on. */
export interface NodeFacts {
  generation: 'legacy' | 'vz7';
  /** Logical CPUs of the node (the 100 % per CPU of cpulimit); null = not known here (the node's tool still checks). */
  cpus: number | null;
  /** The CT runs under VSwap (physpages has a limit): --ram/--swap apply, the UBC relations do not. */
  vswap: boolean;
}

/** The settings after a change, everything else kept. */
export function applyChange(current: CtLimits, change: LimitChange): CtLimits {
  const next: CtLimits = { ...current, ubc: { ...current.ubc } };
  if ('barrier' in change) next.ubc[change.param] = { barrier: change.barrier, limit: change.limit };
  else if ('value' in change) next[change.param] = change.value;
  else if ('bytes' in change) {
    // --ram sets physpages to 0:<ram>, --swap sets swappages to 0:<swap> (vzctl(8), VSwap).
    const res = change.param === 'ram' ? 'physpages' : 'swappages';
    next.ubc[res] = { barrier: 0, limit: Math.floor(change.bytes / PAGE) };
  } else next[change.param] = { soft: change.soft, hard: change.hard };
  return next;
}

/** The beancounter rows a change moves (for the what-if and for verification). */
export function ubcOfChange(change: LimitChange): UbcParam | null {
  if ('barrier' in change) return change.param;
  if ('bytes' in change) return change.param === 'ram' ? 'physpages' : 'swappages';
  return null;
}
