import type { QuotaGrace } from '../vzquota';

/**
 * Disk quota use against its soft and hard limits (docs/openvz/FORMULAS.md §6), for `vzquota show|stat`,
 * /proc/vz/vzquota and vzlist's diskspace/diskinodes fields alike. A limit of null (LONG_MAX or
 * INT_MAX) or 0 is "no limit": 0 disables a Linux quota limit, and vzquota follows that.
 */

export interface QuotaFigures {
  usage: number;
  softlimit: number | null;
  hardlimit: number | null;
  /** From `vzquota show|stat`. */
  grace?: QuotaGrace;
  /** From /proc/vz/vzquota: grace deadline (epoch seconds, 0 = none running). */
  time?: number;
}

export type GraceState = 'none' | 'running' | 'expired';

export interface QuotaUse {
  usage: number;
  /** usage / softlimit; null when there is no soft limit. */
  ofSoft: number | null;
  /** usage / hardlimit; null when there is no hard limit. */
  ofHard: number | null;
  /** Past the soft limit: writes still succeed until the grace period runs out. */
  overSoft: boolean;
  /** At (or, in a stale quota file, past) the hard limit: writes fail now. */
  atHard: boolean;
  grace: GraceState;
  /** Seconds of grace left while it runs; null otherwise (or when the deadline is unknown). */
  graceSecondsLeft: number | null;
}

const limitOf = (v: number | null) => (v === null || v === 0 ? null : v);

function graceOf(q: QuotaFigures, nowSeconds: number | undefined): [GraceState, number | null] {
  const g = q.grace;
  if (g !== undefined) {
    if (g.kind === 'expired') return ['expired', null];
    if (g.kind === 'left') return ['running', g.seconds];
    if (g.kind === 'until') {
      if (nowSeconds === undefined) return ['running', null];
      const left = g.epochSeconds - nowSeconds;
      return left > 0 ? ['running', left] : ['expired', null];
    }
  }
  if (q.time !== undefined && q.time > 0) {
    if (nowSeconds === undefined) return ['running', null];
    const left = q.time - nowSeconds;
    return left > 0 ? ['running', left] : ['expired', null];
  }
  // No deadline recorded: under the soft limit, or (in a stale quota file) over it before the
  // kernel started the clock. Either way writes still succeed.
  return ['none', null];
}

/** `nowSeconds` (epoch) is needed only to turn a deadline into time left. */
export function computeQuotaUse(q: QuotaFigures, nowSeconds?: number): QuotaUse {
  const soft = limitOf(q.softlimit);
  const hard = limitOf(q.hardlimit);
  const overSoft = soft !== null && q.usage > soft;
  const [grace, graceSecondsLeft] = graceOf(q, nowSeconds);
  return {
    usage: q.usage,
    ofSoft: soft === null ? null : q.usage / soft,
    ofHard: hard === null ? null : q.usage / hard,
    overSoft,
    atHard: hard !== null && q.usage >= hard,
    grace,
    graceSecondsLeft,
  };
}

export interface CtQuotaUse {
  blocks: QuotaUse;
  inodes: QuotaUse;
  overSoft: boolean;
  atHard: boolean;
}

/** Both first-level resources of a CT: disk space (1k-blocks) and files (inodes). */
export function computeCtQuotaUse(q: { blocks: QuotaFigures; inodes: QuotaFigures }, nowSeconds?: number): CtQuotaUse {
  const blocks = computeQuotaUse(q.blocks, nowSeconds);
  const inodes = computeQuotaUse(q.inodes, nowSeconds);
  return { blocks, inodes, overSoft: blocks.overSoft || inodes.overSoft, atHard: blocks.atHard || inodes.atHard };
}
