import type { Level } from '@/components/ui/level-badge';
import type { FleetNode, FleetOverview } from '@/trpc/types';
import { facetsOf, filterFleet, sortFleet } from './fleet-sort';
import { firstWindowRows } from './fleet-table-window';
import type { OverviewParams } from './overview-params';

/**
 * What the overview's first screen needs, computed on the server from the whole fleet: the rows
 * the table draws before scrolling (in the URL's filter and sort) and the fleet-wide figures
 * around them. The page sends this instead of all 1000 rows (~700 kB of HTML to parse and
 * hydrate); the full list follows from the client's own query. Pure.
 */
export interface OverviewHead {
  /** The filter and sort these rows were chosen by (headKey): a view with other ones cannot use them. */
  key: string;
  nowMs: number;
  total: number;
  counts: Record<Level, number>;
  facets: { locations: string[]; tags: string[] };
  /** Rows matching the filters, of which `nodes` are the first. */
  shown: number;
  nodes: FleetNode[];
}

export function headKey(p: Pick<OverviewParams, 'q' | 'level' | 'location' | 'tag' | 'sort' | 'dir'>): string {
  return JSON.stringify([p.q, p.level, p.location, p.tag, p.sort, p.dir]);
}

export function countLevels(nodes: readonly { status: { level: Level } }[]): Record<Level, number> {
  const out: Record<Level, number> = { ok: 0, warn: 0, bad: 0, unknown: 0 };
  for (const n of nodes) out[n.status.level]++;
  return out;
}

export function overviewHead(data: FleetOverview, params: OverviewParams): OverviewHead {
  const shown = sortFleet(filterFleet(data.nodes, params), params.sort, params.dir, data.nowMs);
  return {
    key: headKey(params),
    nowMs: data.nowMs,
    total: data.nodes.length,
    counts: countLevels(data.nodes),
    facets: facetsOf(data.nodes),
    shown: shown.length,
    nodes: shown.slice(0, firstWindowRows(shown.length)),
  };
}
