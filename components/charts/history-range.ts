/** The time ranges the history charts offer; the choice lives in the URL (?range=24h). */
export const HISTORY_RANGES = ['1h', '24h', '7d', '30d', '1y'] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];
export const DEFAULT_RANGE: HistoryRange = '24h';

export const RANGE_MS: Record<HistoryRange, number> = {
  '1h': 3600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  '1y': 365 * 86_400_000,
};

export const RANGE_LABEL: Record<HistoryRange, string> = { '1h': '1 hour', '24h': '24 hours', '7d': '7 days', '30d': '30 days', '1y': '1 year' };

export function parseRange(v: string | null): HistoryRange {
  return (HISTORY_RANGES as readonly string[]).includes(v ?? '') ? (v as HistoryRange) : DEFAULT_RANGE;
}

/** Axis ticks: clock time for short ranges, dates for long ones. */
export function formatTick(t: number, range: HistoryRange): string {
  const d = new Date(t);
  if (range === '1h' || range === '24h') return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (range === '7d') return d.toLocaleDateString([], { weekday: 'short', day: 'numeric' });
  return d.toLocaleDateString([], { month: 'short', day: 'numeric' });
}
