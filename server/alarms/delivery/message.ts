import { z } from 'zod';
import { ALARM_SEVERITIES } from '../../../db/schema-alarm';

/**
 * One message about one incident (or a test), as stored in the delivery row and formatted per
 * channel kind by format.ts. Everything in it may come from a node (CT ids, resource names, error
 * text): formatters treat it as text, never as markup.
 */
export const alarmMessageSchema = z.object({
  event: z.enum(['opened', 'resolved', 'test']),
  incidentId: z.number().int().nullable(),
  severity: z.enum(ALARM_SEVERITIES),
  rule: z.string(),
  title: z.string(),
  detail: z.string(),
  nodeName: z.string().nullable(),
  ctId: z.string().nullable(),
  resource: z.string().nullable(),
  openedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /** Link to the incident in vzfleet, when VZFLEET_PUBLIC_URL is known. */
  url: z.string().nullable(),
  /** A digest (batched channel) carries the messages it combines. */
  items: z.array(z.object({ event: z.enum(['opened', 'resolved', 'test']), incidentId: z.number().int().nullable(), severity: z.enum(ALARM_SEVERITIES), title: z.string() })).optional(),
});
export type AlarmMessage = z.infer<typeof alarmMessageSchema>;

export function testMessage(channelName: string, now: Date, publicUrl: string | null): AlarmMessage {
  return {
    event: 'test',
    incidentId: null,
    severity: 'info',
    rule: 'test',
    title: `Test message from vzfleet to channel ${channelName}`,
    detail: 'If you can read this, alarms will reach you here.',
    nodeName: null,
    ctId: null,
    resource: null,
    openedAt: now.toISOString(),
    resolvedAt: null,
    url: publicUrl ? `${publicUrl.replace(/\/$/, '')}/alarms` : null,
  };
}

const RANK = { info: 0, warning: 1, critical: 2 } as const;

/**
 * Several messages for one batched channel as one digest: the worst severity, a count in the
 * title, one line per message. One message stays as it is. Pure.
 */
export function combineMessages(messages: readonly AlarmMessage[], publicUrl: string | null = null): AlarmMessage {
  if (messages.length === 1) return messages[0]!;
  const opened = messages.filter((m) => m.event === 'opened').length;
  const resolved = messages.filter((m) => m.event === 'resolved').length;
  const worst = messages.reduce((a, m) => (RANK[m.severity] > RANK[a] ? m.severity : a), 'info' as AlarmMessage['severity']);
  const nodes = [...new Set(messages.map((m) => m.nodeName).filter((n): n is string => !!n))];
  const state = (m: AlarmMessage) => (m.event === 'resolved' ? 'RESOLVED' : m.event === 'test' ? 'TEST' : m.severity.toUpperCase());
  return {
    event: opened ? 'opened' : 'resolved',
    incidentId: null,
    severity: worst,
    rule: 'digest',
    title: `${messages.length} alarm messages: ${opened} opened, ${resolved} resolved${nodes.length ? ` (${nodes.slice(0, 5).join(', ')}${nodes.length > 5 ? ', …' : ''})` : ''}`,
    detail: messages.map((m) => `[${state(m)}] ${m.title}`).join('\n'),
    nodeName: nodes.length === 1 ? nodes[0]! : null,
    ctId: null,
    resource: null,
    openedAt: null,
    resolvedAt: null,
    url: publicUrl ?? messages.find((m) => m.url)?.url?.replace(/\?incident=\d+$/, '') ?? null,
    items: messages.map((m) => ({ event: m.event, incidentId: m.incidentId, severity: m.severity, title: m.title })),
  };
}
