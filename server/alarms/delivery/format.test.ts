import { describe, expect, it } from 'vitest';
import { channelTakes } from './route';
import { escapeSlack, formatEmail, formatSlack, formatTelegram, formatWebhookJson, signWebhook, verifyWebhook } from './format';
import { combineMessages, type AlarmMessage } from './message';
import { batchDueAt } from './outbox';

const msg: AlarmMessage = {
  event: 'opened',
  incidentId: 7,
  severity: 'critical',
  rule: 'failcnt-rising',
  title: 'CT 101 on hn1: privvmpages refused',
  detail: 'failcnt rose by 4 <!channel> & more',
  nodeName: 'hn1',
  ctId: '101',
  resource: 'privvmpages',
  openedAt: '2026-12-04T08:00:00.000Z',
  resolvedAt: null,
  url: 'https://vz.example/alarms?incident=7',
};
const at = new Date('2026-12-04T08:00:00Z');

describe('formatters', () => {
  it('e-mail: one-line subject with the state, body with node, CT and link', () => {
    const m = formatEmail({ ...msg, title: 'evil\r\nBcc: x@y' });
    expect(m.subject).toBe('vzfleet [CRITICAL] evil Bcc: x@y');
    expect(formatEmail(msg).text).toContain('CT: 101 (privvmpages)\nSince: 2026-12-04T08:00:00.000Z\nhttps://vz.example/alarms?incident=7');
    expect(formatEmail({ ...msg, event: 'resolved', resolvedAt: '2026-12-04T09:00:00.000Z' }).subject).toBe('vzfleet [RESOLVED] CT 101 on hn1: privvmpages refused');
  });

  it('Slack/Mattermost: node text cannot become a mention or a link', () => {
    expect(escapeSlack('<!channel> & <http://x|y>')).toBe('&lt;!channel&gt; &amp; &lt;http://x|y&gt;');
    const s = formatSlack(msg);
    expect(s.text).toBe('[CRITICAL] CT 101 on hn1: privvmpages refused');
    expect(s.attachments[0]!.text).toContain('&lt;!channel&gt; &amp; more');
    expect(s.attachments[0]!.color).toBe('#d9342b');
    expect(formatSlack({ ...msg, event: 'resolved' }).attachments[0]!.color).toBe('#2eb886');
  });

  it('Telegram: plain text without parse_mode, bounded to 4096 characters', () => {
    const t = formatTelegram({ ...msg, detail: 'x'.repeat(5000) }, '-100123');
    expect(t).not.toHaveProperty('parse_mode');
    expect(t.chat_id).toBe('-100123');
    expect(t.text.length).toBe(4096);
  });

  it('generic JSON carries the whole message, versioned', () => {
    expect(JSON.parse(formatWebhookJson(msg))).toEqual({ version: 1, source: 'vzfleet', ...msg });
  });
});

describe('webhook signature', () => {
  const body = formatWebhookJson(msg);
  const secret = 'a-long-shared-secret';
  const h = signWebhook(body, secret, at);
  const headers = { timestamp: h['x-vzfleet-timestamp'], signature: h['x-vzfleet-signature'] };

  it('is HMAC-SHA256 over "<timestamp>.<body>"', () => {
    expect(headers.timestamp).toBe('1796371200');
    expect(headers.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook(body, secret, headers, at)).toBe(true);
  });

  it('fails for another body, another secret, or an old timestamp', () => {
    expect(verifyWebhook(body + ' ', secret, headers, at)).toBe(false);
    expect(verifyWebhook(body, 'another-long-secret', headers, at)).toBe(false);
    expect(verifyWebhook(body, secret, headers, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifyWebhook(body, secret, { ...headers, signature: undefined }, at)).toBe(false);
  });
});

describe('channelTakes', () => {
  const ch = { enabled: true, minSeverity: 'warning' as const, tags: [] as string[] };
  it('routes by minimum severity', () => {
    expect(channelTakes(ch, { severity: 'info', nodeTags: [] })).toBe(false);
    expect(channelTakes(ch, { severity: 'warning', nodeTags: [] })).toBe(true);
    expect(channelTakes({ ...ch, minSeverity: 'critical' }, { severity: 'warning', nodeTags: [] })).toBe(false);
  });
  it('routes by tag when the channel has tags, and never when disabled', () => {
    expect(channelTakes({ ...ch, tags: ['dc1'] }, { severity: 'critical', nodeTags: ['dc2'] })).toBe(false);
    expect(channelTakes({ ...ch, tags: ['dc1'] }, { severity: 'critical', nodeTags: ['dc2', 'dc1'] })).toBe(true);
    expect(channelTakes({ ...ch, enabled: false }, { severity: 'critical', nodeTags: [] })).toBe(false);
  });
});

describe('batching', () => {
  it('combines several messages into one digest with the worst severity and one line each', () => {
    const d = combineMessages([msg, { ...msg, severity: 'warning', incidentId: 8, title: 'CT 102 on hn2: numproc refused', nodeName: 'hn2' }, { ...msg, event: 'resolved', incidentId: 9, title: 'old' }]);
    expect(d).toMatchObject({ event: 'opened', severity: 'critical', rule: 'digest', incidentId: null, title: '3 alarm messages: 2 opened, 1 resolved (hn1, hn2)', url: 'https://vz.example/alarms' });
    expect(d.detail.split('\n')).toEqual(['[CRITICAL] CT 101 on hn1: privvmpages refused', '[WARNING] CT 102 on hn2: numproc refused', '[RESOLVED] old']);
    expect(d.items?.map((i) => i.incidentId)).toEqual([7, 8, 9]);
    expect(combineMessages([msg])).toBe(msg);
  });

  it('holds non-critical messages to the next window boundary, critical ones not at all', () => {
    const t = new Date('2026-12-04T08:03:10Z');
    expect(batchDueAt(t, 'warning', 10).toISOString()).toBe('2026-12-04T08:10:00.000Z');
    expect(batchDueAt(new Date('2026-12-04T08:10:00Z'), 'warning', 10).toISOString()).toBe('2026-12-04T08:10:00.000Z');
    expect(batchDueAt(t, 'critical', 10)).toBe(t);
    expect(batchDueAt(t, 'warning', 0)).toBe(t);
  });
});
