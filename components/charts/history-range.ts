import { DEFAULT_HISTORY_RANGE, isHistoryRange, type HistoryRange } from '@/vocabulary/history-range';

/** How the history charts show the ranges (vocabulary/history-range.ts); the choice lives in the URL (?range=24h). */

export const RANGE_LABEL: Record<HistoryRange, string> = { '1h': '1 hour', '24h': '24 hours', '7d': '7 days', '30d': '30 days', '1y': '1 year' };

export function parseRange(v: string | null): HistoryRange {
  return v !== null && isHistoryRange(v) ? v : DEFAULT_HISTORY_RANGE;
}

/** Axis ticks: clock time for short ranges, dates for long ones. */
export function formatTick(t: number, range: HistoryRange): string {
  const d = new Date(t);
  if (range === '1h' || range === '24h') return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (range === '7d') return d.toLocaleDateString([], { weekday: 'short', day: 'numeric' });
  return d.toLocaleDateString([], { month: 'short', day: 'numeric' });
}
