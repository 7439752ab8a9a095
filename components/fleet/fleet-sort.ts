import type { FleetNode } from '@/trpc/types';
import type { FleetSortKey, OverviewParams } from './overview-params';

/** Filtering and sorting of the overview rows; pure, so the URL alone decides what is shown. */

// One collator for every comparison: localeCompare with options builds a new one per call, which
// made sorting 1000 rows cost a few hundred milliseconds of the first view.
const text = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;
/** Unknown values sort after known ones whichever the direction. */
const NONE = Number.NEGATIVE_INFINITY;

export function dataAgeMs(n: FleetNode, nowMs: number): number | null {
  return n.collectedAtMs === null ? null : Math.max(0, nowMs - n.collectedAtMs);
}

export function figureOf(n: FleetNode, key: FleetSortKey, nowMs: number): number | null {
  switch (key) {
    case 'severity':
      return n.status.severity;
    case 'dataAge':
      return n.collectedAtMs === null ? Number.POSITIVE_INFINITY : dataAgeMs(n, nowMs);
    case 'cts':
      return n.cts.total;
    case 'memory':
      return n.memory?.commitment ?? null;
    case 'allocUtil':
      return n.memory?.allocUtil ?? null;
    case 'cpu':
      return n.cpu?.committed ?? null;
    case 'disk':
      return n.disk?.share ?? null;
    case 'failcnt':
      return n.failures.refusals1h;
    default:
      return null;
  }
}

export function filterFleet(rows: readonly FleetNode[], p: Pick<OverviewParams, 'q' | 'level' | 'location' | 'tag'>): FleetNode[] {
  const q = p.q.trim().toLowerCase();
  return rows.filter((n) => {
    if (q && ![n.name, n.location, ...n.tags].some((v) => v.toLowerCase().includes(q))) return false;
    if (p.location && n.location !== p.location) return false;
    if (p.tag && !n.tags.includes(p.tag)) return false;
    switch (p.level) {
      case '':
        return true;
      case 'problems':
        return n.status.level === 'bad' || n.status.level === 'warn';
      case 'stale':
        return n.status.stale;
      default:
        return n.status.level === p.level;
    }
  });
}

export function sortFleet(rows: readonly FleetNode[], sort: FleetSortKey, dir: 'asc' | 'desc', nowMs: number): FleetNode[] {
  const sign = dir === 'asc' ? 1 : -1;
  const byName = (a: FleetNode, b: FleetNode) => text(a.name, b.name);
  return [...rows].sort((a, b) => {
    if (sort === 'name') return sign * byName(a, b);
    if (sort === 'location') return sign * text(a.location, b.location) || byName(a, b);
    const x = figureOf(a, sort, nowMs) ?? NONE;
    const y = figureOf(b, sort, nowMs) ?? NONE;
    if (x === NONE || y === NONE) return x === y ? byName(a, b) : x === NONE ? 1 : -1;
    return sign * (x - y) || byName(a, b);
  });
}

/** Distinct locations and tags of the fleet, for the filter menus. */
export function facetsOf(rows: readonly FleetNode[]): { locations: string[]; tags: string[] } {
  const locations = new Set<string>();
  const tags = new Set<string>();
  for (const n of rows) {
    if (n.location) locations.add(n.location);
    for (const t of n.tags) tags.add(t);
  }
  return { locations: [...locations].sort(text), tags: [...tags].sort(text) };
}
