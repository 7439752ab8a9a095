import type { ContainerRow } from '@/trpc/types';

export type ContainerSortKey = 'ctId' | 'hostname' | 'status' | 'ips' | 'numproc' | 'privvmpages' | 'allocCommit' | 'failcnt';
export interface ContainerSort {
  key: ContainerSortKey;
  dir: 'asc' | 'desc';
}

const text = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
const num = (a: number, b: number) => a - b;

const COMPARE: Record<ContainerSortKey, (a: ContainerRow, b: ContainerRow) => number> = {
  ctId: (a, b) => text(a.ctId, b.ctId),
  hostname: (a, b) => text(a.hostname ?? '', b.hostname ?? ''),
  status: (a, b) => text(a.status, b.status),
  ips: (a, b) => text(a.ips[0] ?? '', b.ips[0] ?? ''),
  numproc: (a, b) => num(a.numproc?.held ?? -1, b.numproc?.held ?? -1),
  privvmpages: (a, b) => num(a.privvmpages?.held ?? -1, b.privvmpages?.held ?? -1),
  allocCommit: (a, b) => num(a.allocCommit ?? -1, b.allocCommit ?? -1),
  failcnt: (a, b) => num(a.failcntTotal, b.failcntTotal),
};

/** Case-insensitive match on CT id, hostname, name, status and IPs. */
export function filterContainers(rows: ContainerRow[], query: string): ContainerRow[] {
  const q = query.trim().toLowerCase();
  if (!q) return rows;
  return rows.filter((r) => [r.ctId, r.hostname ?? '', r.name ?? '', r.status, ...r.ips].some((v) => v.toLowerCase().includes(q)));
}

/** Stable sort; ties fall back to CT id so the order never jumps between refreshes. */
export function sortContainers(rows: ContainerRow[], sort: ContainerSort): ContainerRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => sign * COMPARE[sort.key](a, b) || COMPARE.ctId(a, b));
}

export function nextSort(current: ContainerSort, key: ContainerSortKey): ContainerSort {
  if (current.key !== key) return { key, dir: key === 'failcnt' || key === 'privvmpages' || key === 'numproc' || key === 'allocCommit' ? 'desc' : 'asc' };
  return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
}
