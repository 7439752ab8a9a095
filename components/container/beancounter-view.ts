import { formatBytes, formatMiB, pagesToMiB, percentOf } from '@/components/format/units';

/** Resources counted in bytes; those ending in "pages" are 4 KiB pages; the rest are counts. */
const BYTE_RESOURCES = new Set(['kmemsize', 'tcpsndbuf', 'tcprcvbuf', 'othersockbuf', 'dgramrcvbuf', 'dcachesize']);
/** The barrier of these is a guarantee, not a limit: holding more than it is not a problem. */
const GUARANTEE_RESOURCES = new Set(['vmguarpages', 'oomguarpages']);

export type BeancounterUnit = 'pages' | 'bytes' | 'count';
export type BeancounterLevel = 'ok' | 'near' | 'limit' | 'guarantee';

export const LEVEL_LABEL: Record<BeancounterLevel, string> = {
  ok: 'ok',
  near: 'near barrier',
  limit: 'at limit',
  guarantee: 'guarantee',
};

export function unitOf(resource: string): BeancounterUnit {
  if (BYTE_RESOURCES.has(resource)) return 'bytes';
  if (resource.endsWith('pages')) return 'pages';
  return 'count';
}

/** The value in the unit people think in, or null for plain counts. */
export function humanValue(resource: string, value: number): string | null {
  const unit = unitOf(resource);
  if (unit === 'pages') return formatMiB(pagesToMiB(value));
  if (unit === 'bytes') return formatBytes(value);
  return null;
}

export interface BeancounterFigures {
  resource: string;
  held: number;
  barrier: number | null;
  limit: number | null;
  failcnt: number;
}

/**
 * held as % of the barrier; as vzubc does, a barrier of 0 (physpages on VSwap) is replaced by the
 * limit, and there is no percentage of an unlimited or zero threshold.
 */
export function heldPercent(r: BeancounterFigures): number | null {
  const barrier = r.barrier === 0 ? r.limit : r.barrier;
  return percentOf(r.held, barrier);
}

/**
 * at limit: ≥ 100 % or refusals in the last hour; near: ≥ 80 %. failcnt alone is cumulative since
 * the CT started — old news — so only recent refusals (failcnt_events) count. Guarantees only
 * turn red on refusals.
 */
export function levelOf(r: BeancounterFigures, recentRefusals = 0): BeancounterLevel {
  if (recentRefusals > 0) return 'limit';
  if (GUARANTEE_RESOURCES.has(r.resource)) return 'guarantee';
  const pct = heldPercent(r);
  if (pct === null) return 'ok';
  if (pct >= 100) return 'limit';
  if (pct >= 80) return 'near';
  return 'ok';
}
