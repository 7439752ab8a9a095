import { describe, expect, it } from 'vitest';
import type { ContainerRow } from '@/trpc/types';
import { filterContainers, nextSort, sortContainers } from './container-sort';

const row = (ctId: string, hostname: string, failcntTotal = 0, ips: string[] = []): ContainerRow =>
  ({ ctId, hostname, status: 'running', ips, failcntTotal, numproc: null, privvmpages: null }) as unknown as ContainerRow;

describe('container table sorting and filtering', () => {
  const rows = [row('1001', 'b.example'), row('101', 'a.example', 5, ['10.0.0.7']), row('999', 'c.example', 2)];

  it('sorts CT ids as numbers, not as text', () => {
    expect(sortContainers(rows, { key: 'ctId', dir: 'asc' }).map((r) => r.ctId)).toEqual(['101', '999', '1001']);
  });

  it('puts the most failing containers first when sorting by failcnt', () => {
    const sort = nextSort({ key: 'ctId', dir: 'asc' }, 'failcnt');
    expect(sort).toEqual({ key: 'failcnt', dir: 'desc' });
    expect(sortContainers(rows, sort).map((r) => r.ctId)).toEqual(['101', '999', '1001']);
    expect(nextSort(sort, 'failcnt').dir).toBe('asc');
  });

  it('filters on hostname and IP, case-insensitively', () => {
    expect(filterContainers(rows, 'B.EX').map((r) => r.ctId)).toEqual(['1001']);
    expect(filterContainers(rows, '10.0.0.7').map((r) => r.ctId)).toEqual(['101']);
    expect(filterContainers(rows, '  ')).toHaveLength(3);
  });
});
