import { parseRange } from '@/components/charts/history-range';
import { DEFAULT_HISTORY_RANGE, type HistoryRange } from '@/vocabulary/history-range';
import type { ContainerSort, ContainerSortKey } from './container-sort';

/** The node page's state in the URL: the containers table's filter and order, the history range. */
export interface NodeParams {
  q: string;
  sort: ContainerSort;
  range: HistoryRange;
}

const SORT_KEYS: readonly ContainerSortKey[] = ['ctId', 'hostname', 'status', 'ips', 'numproc', 'privvmpages', 'allocCommit', 'failcnt'];
const DEFAULT_SORT: ContainerSort = { key: 'ctId', dir: 'asc' };

export function parseNodeParams(sp: { get(name: string): string | null }): NodeParams {
  const key = sp.get('sort');
  const dir = sp.get('dir');
  return {
    q: (sp.get('q') ?? '').slice(0, 200),
    sort: key && (SORT_KEYS as readonly string[]).includes(key) ? { key: key as ContainerSortKey, dir: dir === 'desc' ? 'desc' : 'asc' } : DEFAULT_SORT,
    range: parseRange(sp.get('range')),
  };
}

export function nodeSearch(p: NodeParams): string {
  const out = new URLSearchParams();
  if (p.q) out.set('q', p.q);
  if (p.sort.key !== DEFAULT_SORT.key || p.sort.dir !== DEFAULT_SORT.dir) {
    out.set('sort', p.sort.key);
    out.set('dir', p.sort.dir);
  }
  if (p.range !== DEFAULT_HISTORY_RANGE) out.set('range', p.range);
  const s = out.toString();
  return s ? `?${s}` : '';
}
