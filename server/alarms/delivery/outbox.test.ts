import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmChannels, alarmDeliveries } from '../../../db/schema';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../../db/test-databases';
import { parseSecret } from '../../ssh/key-vault';
import { createChannel, listChannels, removeChannel, updateChannel } from './channels';
import { verifyWebhook } from './format';
import { testMessage } from './message';
import { dispatchDueDeliveries, enqueueTestMessage } from './outbox';
import { startHttpReceiver, startSmtpSink, type HttpReceiver, type SmtpSink } from './test-receivers';

const secret = parseSecret('ab'.repeat(32));
const HMAC = 'a-shared-secret-of-some-length';
const BOT = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_0123';

describe.each(TEST_ENGINES)('alarm delivery on %s', (engine) => {
  let t: TestDb;
  let smtp: SmtpSink;
  let http: HttpReceiver;
  let now = new Date('2026-12-04T08:00:00Z');
  const deps = () => ({ db: t.db, secret, clock: () => now, timeoutMs: 3000 });

  beforeAll(async () => {
    [t, smtp, http] = await Promise.all([createTestDb(engine), startSmtpSink(), startHttpReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([t?.drop(), smtp?.stop(), http?.stop()]);
  });

  it('sends a test message by e-mail through a real SMTP server', async () => {
    const ch = await createChannel(t.db, secret, { name: 'night shift', kind: 'email', config: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'vzfleet@example.test', to: ['ops@example.test'] } }, now);
    await enqueueTestMessage(t.db, ch.id, testMessage(ch.name, now, 'https://vz.example'), now);
    expect(await dispatchDueDeliveries(deps())).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const mails = smtp.messages();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatch(/^Subject: vzfleet \[TEST\] Test message from vzfleet to channel night shift$/m);
    expect(mails[0]).toMatch(/^To: ops@example.test$/m);
    expect(mails[0]).toContain('https://vz.example/alarms');
    await removeChannel(t.db, ch.id);
  });

  it('signs generic webhooks so the receiver can verify them', async () => {
    const ch = await createChannel(t.db, secret, { name: 'hook', kind: 'webhook', config: { url: `${http.url}/hook` }, secret: { hmacSecret: HMAC } }, now);
    await enqueueTestMessage(t.db, ch.id, testMessage(ch.name, now, null), now);
    await dispatchDueDeliveries(deps());
    const req = http.requests.at(-1)!;
    expect(req.path).toBe('/hook');
    expect(JSON.parse(req.body)).toMatchObject({ version: 1, event: 'test' });
    expect(verifyWebhook(req.body, HMAC, { timestamp: req.headers['x-vzfleet-timestamp'] as string, signature: req.headers['x-vzfleet-signature'] as string }, now)).toBe(true);
    await removeChannel(t.db, ch.id);
  });

  it('posts Slack-format and Telegram messages to their URLs', async () => {
    const slack = await createChannel(t.db, secret, { name: 'mm', kind: 'slack', config: { flavour: 'mattermost' }, secret: { url: `${http.url}/hooks/xyz` } }, now);
    const tg = await createChannel(t.db, secret, { name: 'tg', kind: 'telegram', config: { chatId: '-100200300', apiBase: http.url }, secret: { botToken: BOT } }, now);
    await enqueueTestMessage(t.db, slack.id, testMessage('mm', now, null), now);
    await enqueueTestMessage(t.db, tg.id, testMessage('tg', now, null), now);
    const before = http.requests.length;
    expect((await dispatchDueDeliveries(deps())).sent).toBe(2);
    const got = http.requests.slice(before);
    expect(got.find((r) => r.path === '/hooks/xyz')?.body).toContain('"attachments"');
    const tgReq = got.find((r) => r.path === `/bot${BOT}/sendMessage`)!;
    expect(JSON.parse(tgReq.body)).toMatchObject({ chat_id: '-100200300', disable_web_page_preview: true });
    await removeChannel(t.db, slack.id);
    await removeChannel(t.db, tg.id);
  });

  it('stores secrets sealed and never returns them', async () => {
    const ch = await createChannel(t.db, secret, { name: 'sealed', kind: 'telegram', config: { chatId: '@vzfleet_ops', apiBase: http.url }, secret: { botToken: BOT } }, now);
    const [row] = await t.db.select().from(alarmChannels).where(eq(alarmChannels.id, ch.id));
    expect(row!.secretEnc).not.toContain(BOT);
    expect(JSON.stringify(await listChannels(t.db))).not.toContain(BOT);
    expect(ch).toMatchObject({ hasSecret: true });
    expect(ch).not.toHaveProperty('secret');
    // An update without a secret keeps the stored one.
    await updateChannel(t.db, secret, ch.id, { name: 'sealed', kind: 'telegram', config: { chatId: '@vzfleet_ops', apiBase: http.url }, minSeverity: 'critical' }, now);
    const [after] = await t.db.select().from(alarmChannels).where(eq(alarmChannels.id, ch.id));
    expect(after!.secretEnc).toBe(row!.secretEnc);
    await expect(createChannel(t.db, secret, { name: 'no secret', kind: 'webhook', config: { url: http.url } }, now)).rejects.toThrow();
    await removeChannel(t.db, ch.id);
  });

  it('retries a failed delivery with backoff and logs the error without the bot token', async () => {
    const tg = await createChannel(t.db, secret, { name: 'flaky', kind: 'telegram', config: { chatId: '-1', apiBase: http.url }, secret: { botToken: BOT } }, now);
    const id = await enqueueTestMessage(t.db, tg.id, testMessage('flaky', now, null), now);
    http.respondWith.push(502);
    expect(await dispatchDueDeliveries(deps())).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const [r1] = await t.db.select().from(alarmDeliveries).where(eq(alarmDeliveries.id, id));
    expect(r1).toMatchObject({ status: 'pending', attempts: 1, lastError: 'POST to http://127.0.0.1:' + new URL(http.url).port + ' answered HTTP 502' });
    expect(r1!.nextAttemptAt.getTime() - now.getTime()).toBe(30_000);
    // Not due yet: nothing is sent.
    now = new Date(now.getTime() + 29_000);
    expect((await dispatchDueDeliveries(deps())).sent).toBe(0);
    now = new Date(now.getTime() + 1_000);
    expect(await dispatchDueDeliveries(deps())).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const [r2] = await t.db.select().from(alarmDeliveries).where(eq(alarmDeliveries.id, id));
    expect(r2).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    await removeChannel(t.db, tg.id);
  });

  it('gives up after the last attempt and marks the delivery failed', async () => {
    const ch = await createChannel(t.db, secret, { name: 'down', kind: 'webhook', config: { url: 'http://127.0.0.1:9/nowhere' }, secret: { hmacSecret: HMAC } }, now);
    const id = await enqueueTestMessage(t.db, ch.id, testMessage('down', now, null), now);
    const retry = { baseMs: 1000, maxMs: 1000, maxAttempts: 3 };
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(await dispatchDueDeliveries({ ...deps(), retry }));
      now = new Date(now.getTime() + 1000);
    }
    expect(results.map((r) => [r.retrying, r.failed])).toEqual([[1, 0], [1, 0], [0, 1]]);
    const [row] = await t.db.select().from(alarmDeliveries).where(eq(alarmDeliveries.id, id));
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(row!.lastError).toMatch(/^POST to http:\/\/127\.0\.0\.1:9 failed: /);
  });
});
