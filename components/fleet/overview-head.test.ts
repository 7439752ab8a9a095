import { describe, expect, it } from 'vitest';
import type { FleetNode } from '@/trpc/types';
import { firstWindowRows, TABLE_WINDOW } from './fleet-table-window';
import { countLevels, headKey, overviewHead } from './overview-head';
import { DEFAULT_OVERVIEW } from './overview-params';

const LEVELS = ['ok', 'warn', 'bad', 'unknown'] as const;
const SEVERITY = { ok: 1, warn: 2, bad: 3, unknown: 0 };

function node(i: number): FleetNode {
  const level = LEVELS[i % 4]!;
  return {
    id: i,
    name: `n${i}`,
    location: i % 2 ? 'fra1' : 'ams1',
    tags: i % 3 ? [] : ['ssd'],
    health: 'ok',
    lastErrorText: null,
    lastErrorLine: null,
    collectedAtMs: 1_000,
    cts: { running: 1, total: 2 },
    memory: null,
    cpu: { committed: i / 1000, utilization: i, nodePower: 1000 },
    disk: null,
    failures: { events1h: 0, refusals1h: 0, containers1h: 0 },
    status: { level, headline: 'ok', stale: false, staleAfterMs: 45_000, severity: SEVERITY[level] },
  };
}
const fleet = (n: number) => ({ nowMs: 5_000, nodes: Array.from({ length: n }, (_, i) => node(i)) });

describe('the overview’s first screen', () => {
  it('sends every row of a short list (the table draws them all) and the first window of a long one', () => {
    expect(firstWindowRows(TABLE_WINDOW.from)).toBe(TABLE_WINDOW.from);
    const long = firstWindowRows(1000);
    expect(long).toBeGreaterThanOrEqual(Math.ceil(TABLE_WINDOW.initialViewport / TABLE_WINDOW.rowEstimate));
    expect(long).toBeLessThan(TABLE_WINDOW.from);
    expect(overviewHead(fleet(50), DEFAULT_OVERVIEW).nodes).toHaveLength(50);
    expect(overviewHead(fleet(1000), DEFAULT_OVERVIEW).nodes).toHaveLength(long);
  });

  it('cuts the rows in the URL’s filter and sort, with the fleet-wide counts and facets', () => {
    const head = overviewHead(fleet(1000), { ...DEFAULT_OVERVIEW, location: 'fra1', sort: 'cpu', dir: 'desc' });
    expect(head.total).toBe(1000);
    expect(head.shown).toBe(500);
    expect(head.counts).toEqual({ ok: 250, warn: 250, bad: 250, unknown: 250 });
    expect(head.facets).toEqual({ locations: ['ams1', 'fra1'], tags: ['ssd'] });
    expect(head.nodes.map((n) => n.name).slice(0, 3)).toEqual(['n999', 'n997', 'n995']);
    expect(head.nowMs).toBe(5_000);
  });

  it('is keyed by what chooses the rows, not by the heat map’s figure', () => {
    expect(headKey({ ...DEFAULT_OVERVIEW, fig: 'cpu' } as typeof DEFAULT_OVERVIEW)).toBe(headKey(DEFAULT_OVERVIEW));
    expect(headKey({ ...DEFAULT_OVERVIEW, q: 'n1' })).not.toBe(headKey(DEFAULT_OVERVIEW));
    expect(headKey({ ...DEFAULT_OVERVIEW, dir: 'asc' })).not.toBe(headKey(DEFAULT_OVERVIEW));
  });

  it('counts the levels', () => {
    expect(countLevels([])).toEqual({ ok: 0, warn: 0, bad: 0, unknown: 0 });
    expect(countLevels(fleet(6).nodes)).toEqual({ ok: 2, warn: 2, bad: 1, unknown: 1 });
  });
});
