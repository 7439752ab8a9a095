import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AlarmMessage } from './message';

/** Pure formatters: one AlarmMessage → what each kind of channel expects. */

function headline(m: AlarmMessage): string {
  const state = m.event === 'resolved' ? 'RESOLVED' : m.event === 'test' ? 'TEST' : m.severity.toUpperCase();
  return `[${state}] ${m.title}`;
}

function lines(m: AlarmMessage): string[] {
  return [
    m.detail,
    m.nodeName ? `Node: ${m.nodeName}` : '',
    m.ctId ? `CT: ${m.ctId}${m.resource ? ` (${m.resource})` : ''}` : '',
    m.openedAt && m.event !== 'test' ? `Since: ${m.openedAt}` : '',
    m.resolvedAt ? `Resolved: ${m.resolvedAt}` : '',
    m.url ?? '',
  ].filter(Boolean);
}

/** Header injection is nodemailer's to prevent too, but a subject is one line by construction here. */
export function formatEmail(m: AlarmMessage): { subject: string; text: string } {
  const subject = `vzfleet ${headline(m)}`.replace(/[\r\n]+/g, ' ').slice(0, 250);
  return { subject, text: `${headline(m)}\n\n${lines(m).join('\n')}\n` };
}

/** The generic webhook body: the message itself, versioned, for receivers to parse. */
export function formatWebhookJson(m: AlarmMessage): string {
  return JSON.stringify({ version: 1, source: 'vzfleet', ...m });
}

/** Slack's three control characters; escaped, a node's text cannot become a mention or a link. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const SLACK_COLOURS = { critical: '#d9342b', warning: '#e8a317', info: '#439fe0' } as const;

/** Slack incoming webhooks and Mattermost's (which accepts Slack's format). */
export function formatSlack(m: AlarmMessage): { text: string; attachments: { color: string; title: string; text: string; fallback: string }[] } {
  const colour = m.event === 'resolved' ? '#2eb886' : SLACK_COLOURS[m.severity];
  const head = escapeSlack(headline(m));
  return { text: head, attachments: [{ color: colour, title: head, text: escapeSlack(lines(m).join('\n')), fallback: head }] };
}

/** Telegram Bot API sendMessage, as plain text (no parse_mode), so nothing in it is markup. */
export function formatTelegram(m: AlarmMessage, chatId: string): { chat_id: string; text: string; disable_web_page_preview: boolean } {
  return { chat_id: chatId, text: `${headline(m)}\n${lines(m).join('\n')}`.slice(0, 4096), disable_web_page_preview: true };
}

export const SIGNATURE_HEADER = 'x-vzfleet-signature';
export const TIMESTAMP_HEADER = 'x-vzfleet-timestamp';

/**
 * HMAC-SHA256 over "<unix seconds>.<body>": the timestamp is signed too, so a receiver can reject
 * replays older than a few minutes. Header value "sha256=<hex>".
 */
export function signWebhook(body: string, secret: string, at: Date): Record<string, string> {
  const ts = String(Math.floor(at.getTime() / 1000));
  const mac = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
  return { [TIMESTAMP_HEADER]: ts, [SIGNATURE_HEADER]: `sha256=${mac}` };
}

/** What a receiver does (and the tests do): constant-time compare and a bounded clock skew. */
export function verifyWebhook(body: string, secret: string, headers: { timestamp: string | undefined; signature: string | undefined }, now: Date, maxSkewS = 300): boolean {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > maxSkewS) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
