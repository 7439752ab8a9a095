import { describe, expect, it } from 'vitest';
import type { FleetNode } from '@/trpc/types';
import { facetsOf, filterFleet, sortFleet } from './fleet-sort';
import { DEFAULT_OVERVIEW, nextFleetSort, overviewSearch, parseOverviewParams } from './overview-params';

const sp = (q: string) => new URLSearchParams(q);

const node = (name: string, over: Partial<FleetNode> = {}): FleetNode =>
  ({
    id: name.length,
    name,
    location: 'fra1',
    tags: [],
    health: 'ok',
    collectedAtMs: 1000,
    cts: { running: 1, total: 2 },
    memory: null,
    cpu: null,
    disk: null,
    failures: { events1h: 0, refusals1h: 0, containers1h: 0 },
    status: { level: 'ok', headline: 'ok', stale: false, severity: 0 },
    ...over,
  }) as FleetNode;

describe('fleet overview URL state', () => {
  it('round-trips every choice and leaves defaults out of the URL', () => {
    expect(overviewSearch(DEFAULT_OVERVIEW)).toBe('');
    const p = { ...DEFAULT_OVERVIEW, q: 'hn 1', level: 'problems' as const, location: 'fra1', tag: 'ssd', sort: 'cpu' as const, dir: 'asc' as const, fig: 'disk' as const };
    const url = overviewSearch(p);
    expect(url).toBe('?q=hn+1&level=problems&location=fra1&tag=ssd&sort=cpu&dir=asc&fig=disk');
    expect(parseOverviewParams(sp(url.slice(1)))).toEqual(p);
  });

  it('ignores values it does not know instead of failing', () => {
    expect(parseOverviewParams(sp('level=evil&sort=drop table&fig=<script>&dir=sideways'))).toEqual(DEFAULT_OVERVIEW);
  });

  it('sorts a new column biggest first, and flips on a second click', () => {
    expect(nextFleetSort(DEFAULT_OVERVIEW, 'failcnt')).toEqual({ sort: 'failcnt', dir: 'desc' });
    expect(nextFleetSort(DEFAULT_OVERVIEW, 'name')).toEqual({ sort: 'name', dir: 'asc' });
    expect(nextFleetSort({ ...DEFAULT_OVERVIEW, sort: 'name', dir: 'asc' }, 'name')).toEqual({ sort: 'name', dir: 'desc' });
  });
});

describe('fleet filtering and sorting', () => {
  const rows = [
    node('hn10', { location: 'ams1', tags: ['ssd'], status: { level: 'warn', headline: '', stale: false, staleAfterMs: 45_000, severity: 2100 } }),
    node('hn2', { memory: { model: 'vzmemcheck', commitment: 1.9, allocUtil: 1, memswapUtil: 0.5 } }),
    node('hn1', { status: { level: 'bad', headline: '', stale: true, staleAfterMs: 45_000, severity: 3100 }, collectedAtMs: null }),
  ];

  it('filters by text, location, tag and level', () => {
    expect(filterFleet(rows, { q: 'HN1', level: '', location: '', tag: '' }).map((n) => n.name)).toEqual(['hn10', 'hn1']);
    expect(filterFleet(rows, { q: '', level: 'problems', location: '', tag: '' }).map((n) => n.name)).toEqual(['hn10', 'hn1']);
    expect(filterFleet(rows, { q: '', level: 'stale', location: '', tag: '' }).map((n) => n.name)).toEqual(['hn1']);
    expect(filterFleet(rows, { q: '', level: '', location: 'ams1', tag: 'ssd' }).map((n) => n.name)).toEqual(['hn10']);
  });

  it('sorts worst first, names as numbers, and unknown figures last either way', () => {
    expect(sortFleet(rows, 'severity', 'desc', 5000).map((n) => n.name)).toEqual(['hn1', 'hn10', 'hn2']);
    expect(sortFleet(rows, 'name', 'asc', 5000).map((n) => n.name)).toEqual(['hn1', 'hn2', 'hn10']);
    expect(sortFleet(rows, 'memory', 'desc', 5000).map((n) => n.name)[0]).toBe('hn2');
    expect(sortFleet(rows, 'memory', 'asc', 5000).map((n) => n.name)[0]).toBe('hn2');
    expect(sortFleet(rows, 'dataAge', 'desc', 5000).map((n) => n.name)[0]).toBe('hn1');
  });

  it('lists the locations and tags there are', () => {
    expect(facetsOf(rows)).toEqual({ locations: ['ams1', 'fra1'], tags: ['ssd'] });
  });
});
