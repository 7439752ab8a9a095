/**
 * The fleet overview's state as it lives in the URL (?q=&level=&location=&tag=&sort=&dir=&fig=),
 * so a filtered, sorted view can be pasted into chat. Pure: parse and serialise, defaults omitted.
 */

export const LEVEL_FILTERS = ['', 'problems', 'bad', 'warn', 'ok', 'unknown', 'stale'] as const;
export type LevelFilter = (typeof LEVEL_FILTERS)[number];

export const FLEET_SORT_KEYS = ['severity', 'name', 'location', 'dataAge', 'cts', 'memory', 'allocUtil', 'cpu', 'disk', 'failcnt'] as const;
export type FleetSortKey = (typeof FLEET_SORT_KEYS)[number];

export const HEAT_FIGURES = ['memory', 'inUse', 'allocUtil', 'cpu', 'disk', 'failcnt', 'dataAge'] as const;
export type HeatFigure = (typeof HEAT_FIGURES)[number];

export interface OverviewParams {
  q: string;
  level: LevelFilter;
  location: string;
  tag: string;
  sort: FleetSortKey;
  dir: 'asc' | 'desc';
  fig: HeatFigure;
}

export const DEFAULT_OVERVIEW: OverviewParams = { q: '', level: '', location: '', tag: '', sort: 'severity', dir: 'desc', fig: 'memory' };

/** Columns whose natural first order is "biggest first". */
const DESC_FIRST = new Set<FleetSortKey>(['severity', 'dataAge', 'cts', 'memory', 'allocUtil', 'cpu', 'disk', 'failcnt']);

export function defaultDir(key: FleetSortKey): 'asc' | 'desc' {
  return DESC_FIRST.has(key) ? 'desc' : 'asc';
}

const oneOf = <T extends string>(values: readonly T[], v: string | null, fallback: T): T => (v !== null && (values as readonly string[]).includes(v) ? (v as T) : fallback);

export function parseOverviewParams(sp: { get(name: string): string | null }): OverviewParams {
  const sort = oneOf(FLEET_SORT_KEYS, sp.get('sort'), DEFAULT_OVERVIEW.sort);
  const dir = sp.get('dir');
  return {
    q: (sp.get('q') ?? '').slice(0, 200),
    level: oneOf(LEVEL_FILTERS, sp.get('level'), ''),
    location: (sp.get('location') ?? '').slice(0, 200),
    tag: (sp.get('tag') ?? '').slice(0, 200),
    sort,
    dir: dir === 'asc' || dir === 'desc' ? dir : defaultDir(sort),
    fig: oneOf(HEAT_FIGURES, sp.get('fig'), DEFAULT_OVERVIEW.fig),
  };
}

/** `?…` without the defaults (or '' when everything is default), in a stable order. */
export function overviewSearch(p: OverviewParams): string {
  const out = new URLSearchParams();
  if (p.q) out.set('q', p.q);
  if (p.level) out.set('level', p.level);
  if (p.location) out.set('location', p.location);
  if (p.tag) out.set('tag', p.tag);
  if (p.sort !== DEFAULT_OVERVIEW.sort || p.dir !== defaultDir(p.sort)) {
    out.set('sort', p.sort);
    out.set('dir', p.dir);
  }
  if (p.fig !== DEFAULT_OVERVIEW.fig) out.set('fig', p.fig);
  const s = out.toString();
  return s ? `?${s}` : '';
}

export function nextFleetSort(p: OverviewParams, key: FleetSortKey): Pick<OverviewParams, 'sort' | 'dir'> {
  if (p.sort !== key) return { sort: key, dir: defaultDir(key) };
  return { sort: key, dir: p.dir === 'asc' ? 'desc' : 'asc' };
}
