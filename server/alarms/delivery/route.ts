import type { AlarmSeverity } from '../../../db/schema-alarm';

const RANK: Record<AlarmSeverity, number> = { info: 0, warning: 1, critical: 2 };

export function severityAtLeast(severity: AlarmSeverity, min: AlarmSeverity): boolean {
  return RANK[severity] >= RANK[min];
}

/**
 * Per-channel routing: a channel takes incidents of at least its severity, on nodes carrying one
 * of its tags (no tags = every node). Pure.
 */
export function channelTakes(channel: { enabled: boolean; minSeverity: AlarmSeverity; tags: readonly string[] }, incident: { severity: AlarmSeverity; nodeTags: readonly string[] }): boolean {
  if (!channel.enabled || !severityAtLeast(incident.severity, channel.minSeverity)) return false;
  return channel.tags.length === 0 || channel.tags.some((t) => incident.nodeTags.includes(t));
}
