import { describe, expect, it } from 'vitest';
import type { FleetNode } from '@/trpc/types';
import { wallHead } from './wall-head';
import { worstFirst } from './wall-pages';

const n = (id: number, name: string, severity: number, collectedAtMs: number | null, staleAfterMs = 45_000): FleetNode =>
  ({ id, name, collectedAtMs, status: { level: severity === 3 ? 'bad' : severity === 2 ? 'warn' : 'ok', severity, staleAfterMs } }) as unknown as FleetNode;

describe('the wall’s first picture', () => {
  it('orders worst first, then by name as people count', () => {
    const sorted = [n(1, 'node10', 1, 0), n(2, 'node9', 1, 0), n(3, 'zz', 3, 0)].sort(worstFirst);
    expect(sorted.map((x) => x.name)).toEqual(['zz', 'node9', 'node10']);
  });

  it('sends the worst tiles and the status bar’s fleet-wide figures', () => {
    const nodes = [n(1, 'a', 1, 1_000), n(2, 'b', 3, 3_000, 900_000), n(3, 'c', 2, null, 30_000), n(4, 'd', 1, 2_000)];
    const head = wallHead({ nowMs: 9_000, nodes }, 2);
    expect(head.nodes.map((x) => x.name)).toEqual(['b', 'c']);
    expect(head).toMatchObject({ nowMs: 9_000, total: 4, counts: { bad: 1, warn: 1, ok: 2, unknown: 0 }, newestMs: 3_000, staleAfterMs: 30_000 });
  });

  it('says nothing was collected for a fleet never polled', () => {
    expect(wallHead({ nowMs: 9_000, nodes: [n(1, 'a', 0, null)] }).newestMs).toBe(0);
  });
});
