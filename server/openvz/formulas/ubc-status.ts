import type { Beancounter } from '../beancounters';

/**
 * How close a beancounter is to its limit, as a level the pages colour rows by
 * (docs/openvz/FORMULAS.md §1.5). Modelled on vzubc's quiet/colour test: a barrier of 0 is replaced by the
 * limit; an unlimited one gives no ratio.
 *
 * - 'at-limit': held ≥ the barrier, or failcnt rose since the previous poll (a refused
 *   allocation). A non-zero failcnt alone is history, not news: without the previous value it
 *   does not count.
 * - 'near': held or maxheld ≥ the threshold share of the barrier (default 0.8 for both; vzubc
 *   2013+ uses 0.5 for held and 0.8 for maxheld — see VZUBC_QUIET_THRESHOLDS).
 * - vmguarpages and oomguarpages have a guarantee, not a limit, as "barrier": being above it is
 *   not hitting a wall, so for them only a failcnt rise raises the level.
 */

export type UbcLevel = 'ok' | 'near' | 'at-limit';

export interface UbcThresholds {
  held: number;
  maxheld: number;
}

export const DEFAULT_UBC_THRESHOLDS: UbcThresholds = { held: 0.8, maxheld: 0.8 };
/** `vzubc -q` defaults (vzctl 4.x): held > 50 % or maxheld > 80 % of the barrier. */
export const VZUBC_QUIET_THRESHOLDS: UbcThresholds = { held: 0.5, maxheld: 0.8 };

const GUARANTEES = new Set(['vmguarpages', 'oomguarpages']);

export interface UbcStatus {
  resource: string;
  /** held / barrier (barrier 0 → limit); null when unlimited. */
  heldOfBarrier: number | null;
  maxheldOfBarrier: number | null;
  /** held / limit; null when the limit is unlimited or 0. */
  heldOfLimit: number | null;
  failcntRose: boolean;
  level: UbcLevel;
}

export interface UbcStatusOptions {
  /** failcnt at the previous poll; null/absent = unknown (first poll). */
  previousFailcnt?: number | null;
  thresholds?: UbcThresholds;
}

const ratio = (v: number, d: number | null) => (d === null || d === 0 ? null : v / d);

export function computeUbcStatus(bc: Beancounter, options: UbcStatusOptions = {}): UbcStatus {
  const { previousFailcnt = null, thresholds = DEFAULT_UBC_THRESHOLDS } = options;
  const barrier = bc.barrier === 0 ? bc.limit : bc.barrier;
  const heldOfBarrier = ratio(bc.held, barrier);
  const maxheldOfBarrier = ratio(bc.maxheld, barrier);
  // A lower failcnt means the beancounter was recreated: any non-zero value is new failures.
  const failcntRose = previousFailcnt !== null && (bc.failcnt > previousFailcnt || (bc.failcnt < previousFailcnt && bc.failcnt > 0));
  const byHeld = !GUARANTEES.has(bc.resource);
  let level: UbcLevel = 'ok';
  if (failcntRose || (byHeld && heldOfBarrier !== null && heldOfBarrier >= 1)) level = 'at-limit';
  else if (
    byHeld &&
    ((heldOfBarrier !== null && heldOfBarrier >= thresholds.held) ||
      (maxheldOfBarrier !== null && maxheldOfBarrier >= thresholds.maxheld))
  ) {
    level = 'near';
  }
  return { resource: bc.resource, heldOfBarrier, maxheldOfBarrier, heldOfLimit: ratio(bc.held, bc.limit), failcntRose, level };
}

/** Every row of one CT; `previous` is the same CT's rows at the last poll, if any. */
export function computeUbcStatuses(
  beancounters: readonly Beancounter[],
  previous?: readonly Beancounter[] | null,
  thresholds?: UbcThresholds,
): UbcStatus[] {
  const before = new Map((previous ?? []).map((b) => [b.resource, b.failcnt]));
  return beancounters.map((bc) => computeUbcStatus(bc, { previousFailcnt: before.get(bc.resource) ?? null, thresholds }));
}

const LABELS: Record<string, string> = {
  numproc: 'processes',
  numtcpsock: 'TCP sockets',
  numothersock: 'other sockets (UNIX, UDP)',
  vmguarpages: 'guaranteed memory',
  kmemsize: 'kernel memory',
  tcpsndbuf: 'TCP send buffers',
  tcprcvbuf: 'TCP receive buffers',
  othersockbuf: 'other socket buffers',
  dgramrcvbuf: 'UDP receive buffers',
  oomguarpages: 'out-of-memory guarantee',
  privvmpages: 'allocated memory',
  lockedpages: 'locked memory',
  shmpages: 'shared memory',
  physpages: 'RAM',
  swappages: 'swap',
  numfile: 'open files',
  numflock: 'file locks',
  numpty: 'terminals',
  numsiginfo: 'pending signals',
  dcachesize: 'file name cache',
  numiptent: 'firewall rules',
};

/** A plain-language name for the support desk; an unknown resource keeps its own name. */
export function resourceLabel(resource: string): string {
  return LABELS[resource] ?? resource;
}
