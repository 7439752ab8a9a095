import type { AlarmSeverity } from '@/vocabulary/alarm';

/** A severity always shows a symbol and a word next to its colour (as LevelBadge does for levels). */
export const SEVERITY_LOOK: Record<AlarmSeverity, { label: string; icon: string; tone: 'bad' | 'warn' | 'neutral' }> = {
  critical: { label: 'Critical', icon: '✕', tone: 'bad' },
  warning: { label: 'Warning', icon: '▲', tone: 'warn' },
  info: { label: 'Info', icon: 'i', tone: 'neutral' },
};

/** Where an incident is, as words: "node hn1" or "CT 101 (shop.example) on hn1". */
export function incidentPlace(i: { nodeName: string; ctId: string | null; ctHostname?: string | null }): string {
  if (i.ctId === null) return `node ${i.nodeName}`;
  return `CT ${i.ctId}${i.ctHostname ? ` (${i.ctHostname})` : ''} on ${i.nodeName}`;
}
