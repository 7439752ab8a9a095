import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmChannels, alarmDeliveries, nodes } from '../../db/schema';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { parseSecret } from '../ssh/key-vault';
import { createChannel } from './delivery/channels';
import { startHttpReceiver, type HttpReceiver } from './delivery/test-receivers';
import { listIncidents } from './incidents';
import { startAlarms } from './service';

const secret = parseSecret('34'.repeat(32));

describe.each(TEST_ENGINES)('the alarm service on %s', (engine) => {
  let t: TestDb;
  let http: HttpReceiver;
  const now = new Date('2026-12-04T08:00:00Z');

  beforeAll(async () => {
    [t, http] = await Promise.all([createTestDb(engine), startHttpReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([t?.drop(), http?.stop()]);
  });

  it('evaluates a node after its poll and sends what opened, even when polls of it overlap', async () => {
    const errors: unknown[] = [];
    const alarms = startAlarms({ db: t.db, secret, clock: () => now, pollIntervalMs: 15_000, onError: (_w, e) => errors.push(e) }, { dispatchEveryMs: 3_600_000 });
    await createChannel(t.db, secret, { name: 'hook', kind: 'webhook', config: { url: http.url }, secret: { hmacSecret: 'service-test-hmac-secret' } }, now);
    // Never polled successfully since it was added an hour ago: stale.
    const [node] = await t.db.insert(nodes).values({ name: 'never', host: '127.0.0.1', authMethod: 'agent', createdAt: new Date(now.getTime() - 3_600_000) }).returning();
    await Promise.all([alarms.afterPoll(node!.id), alarms.afterPoll(node!.id), alarms.afterPoll(node!.id)]);
    alarms.stop();
    expect(errors).toEqual([]);
    expect((await listIncidents(t.db, { nodeId: node!.id }, now)).map((i) => i.rule)).toEqual(['data-stale']);
    expect(http.requests.map((r) => (JSON.parse(r.body) as { rule: string }).rule)).toEqual(['data-stale']);
  });

  it('reports a failing evaluation instead of throwing into the poll loop', async () => {
    const errors: string[] = [];
    const alarms = startAlarms({ db: t.db, secret, clock: () => new Date(Number.NaN), pollIntervalMs: 15_000, onError: (w) => errors.push(w) }, { dispatchEveryMs: 3_600_000 });
    await expect(alarms.afterPoll(1)).resolves.toBeUndefined();
    alarms.stop();
    expect(errors).toEqual(['evaluation of node 1']);
  });

  it('trims the delivery log from its background loop', async () => {
    const [ch] = await t.db.insert(alarmChannels).values({ name: 'old log', kind: 'webhook', config: {}, createdAt: now, updatedAt: now }).returning();
    const monthsAgo = new Date(now.getTime() - 90 * 86_400_000);
    await t.db.insert(alarmDeliveries).values({ channelId: ch!.id, event: 'test', status: 'sent', message: {}, nextAttemptAt: monthsAgo, createdAt: monthsAgo });
    const errors: unknown[] = [];
    const alarms = startAlarms({ db: t.db, secret, clock: () => now, pollIntervalMs: 15_000, onError: (_w, e) => errors.push(e) }, { dispatchEveryMs: 3_600_000, pruneEveryMs: 50 });
    const left = async () => (await t.db.select().from(alarmDeliveries)).filter((d) => d.channelId === ch!.id).length;
    for (let i = 0; i < 100 && (await left()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    alarms.stop();
    expect(errors).toEqual([]);
    expect(await left()).toBe(0);
  });
});
