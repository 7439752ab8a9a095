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
