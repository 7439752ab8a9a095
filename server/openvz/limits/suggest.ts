import type { Beancounter } from '../beancounters';
import { isUbcParam, type LimitChange, type UbcParam } from './params';

/**
 * From verdict to fix: for each beancounter a CT keeps running into, the limit to raise and by how
 * much (docs/openvz/LIMITS.md §4). Pure: the CT's rows, its recent peaks and refusals in; changes
 * out, ready for the editor and the what-if.
 *
 * The new barrier gives the recent peak (history's highest held, or the barrier itself when the
 * kernel refused at it) HEADROOM more room, rounded up to a unit people type. The limit keeps its
 * ratio to the barrier, so a gap the tools require (socket buffers) grows with it.
 */

export const SUGGEST_HEADROOM = 1.25;
/** A peak at this share of the barrier counts as hitting it even without a refusal. */
export const SUGGEST_NEAR_SHARE = 0.95;

export interface RecentUse {
  /** Highest held over the window; null = no history. */
  maxheld: number | null;
  /** Σ failcnt increases over the window. */
  refusals: number;
}

export interface LimitSuggestion {
  resource: UbcParam;
  refusals: number;
  recentMaxheld: number;
  /** The wall the CT hits now (barrier; the limit when the barrier is 0). */
  wallBefore: number;
  wallAfter: number;
  change: LimitChange;
  /** Why, in the evidence's words: "refused 37 times; peak 98 % of the barrier". */
  why: string;
}

const GUARANTEES = new Set(['vmguarpages', 'oomguarpages']);
const PAGE = 4096;

/** Round up to a step people type: whole MiB of pages/bytes, tens or hundreds of a count. */
export function roundUpForPeople(resource: UbcParam, v: number): number {
  const step = ['kmemsize', 'dcachesize'].includes(resource)
    ? 2 ** 20
    : ['tcpsndbuf', 'tcprcvbuf', 'othersockbuf', 'dgramrcvbuf'].includes(resource)
      ? 64 * 1024
      : resource.endsWith('pages')
        ? 256
        : v >= 1000 ? 100 : 10;
  return Math.ceil(v / step) * step;
}

function changeFor(bc: Beancounter, resource: UbcParam, wallAfter: number, vswap: boolean): LimitChange {
  // A VSwap CT's RAM is physpages.limit, set with --ram (bytes).
  if (vswap && resource === 'physpages') return { param: 'ram', bytes: wallAfter * PAGE };
  if (vswap && resource === 'swappages') return { param: 'swap', bytes: wallAfter * PAGE };
  const barrier = bc.barrier === 0 ? 0 : wallAfter;
  if (bc.limit === null) return { param: resource, barrier, limit: null };
  if (bc.barrier === 0 || bc.barrier === null || bc.barrier === bc.limit) return { param: resource, barrier, limit: bc.barrier === 0 ? wallAfter : barrier };
  return { param: resource, barrier, limit: Math.max(barrier, Math.ceil((bc.limit * wallAfter) / bc.barrier)) };
}

export function suggestLimitRaises(rows: readonly Beancounter[], recent: Readonly<Record<string, RecentUse>>, opts: { vswap: boolean }): LimitSuggestion[] {
  const out: LimitSuggestion[] = [];
  for (const bc of rows) {
    if (!isUbcParam(bc.resource) || GUARANTEES.has(bc.resource)) continue;
    const wall = bc.barrier === 0 ? bc.limit : bc.barrier;
    if (wall === null || wall <= 0) continue;
    const use = recent[bc.resource] ?? { maxheld: null, refusals: 0 };
    const peak = Math.max(use.maxheld ?? bc.held, bc.held);
    if (use.refusals <= 0 && peak < wall * SUGGEST_NEAR_SHARE) continue;
    // Refused at the wall: the real demand was at least the wall.
    const base = use.refusals > 0 ? Math.max(peak, wall) : peak;
    const wallAfter = Math.max(roundUpForPeople(bc.resource, base * SUGGEST_HEADROOM), wall + 1);
    const share = Math.round((peak / wall) * 100);
    const why = [use.refusals > 0 ? `refused ${use.refusals} time${use.refusals === 1 ? '' : 's'}` : null, `peak ${share} % of its ${bc.barrier === 0 ? 'limit' : 'barrier'}`].filter(Boolean).join('; ');
    out.push({ resource: bc.resource, refusals: use.refusals, recentMaxheld: peak, wallBefore: wall, wallAfter, change: changeFor(bc, bc.resource, wallAfter, opts.vswap), why });
  }
  return out.sort((a, b) => b.refusals - a.refusals || b.recentMaxheld / b.wallBefore - a.recentMaxheld / a.wallBefore);
}
