import { parseRange } from '@/components/charts/history-range';
import { DEFAULT_HISTORY_RANGE, type HistoryRange } from '@/vocabulary/history-range';

/** The container page's state in the URL: which resource's history, over which range. */
export interface ContainerParams {
  res: string;
  range: HistoryRange;
}

export function parseContainerParams(sp: { get(name: string): string | null }): ContainerParams {
  const res = sp.get('res') ?? '';
  return { res: /^[a-z][a-z0-9_]{0,31}$/.test(res) ? res : '', range: parseRange(sp.get('range')) };
}

export function containerSearch(p: ContainerParams): string {
  const out = new URLSearchParams();
  if (p.res) out.set('res', p.res);
  if (p.range !== DEFAULT_HISTORY_RANGE) out.set('range', p.range);
  const s = out.toString();
  return s ? `?${s}` : '';
}
