import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmChannels, alarmDeliveries, alarmIncidents, nodes } from '../../../db/schema';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../../db/test-databases';
import { pruneDeliveryLog } from './prune';

const DAY = 86_400_000;

describe.each(TEST_ENGINES)('delivery log pruning on %s', (engine) => {
  let t: TestDb;
  const now = new Date('2026-12-04T08:00:00Z');
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  beforeAll(async () => {
    t = await createTestDb(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('drops finished rows past the age and the row cap, keeps pending rows and rows of open incidents', async () => {
    const [n] = await t.db.insert(nodes).values({ name: 'hn1', host: '127.0.0.1', authMethod: 'agent' }).returning();
    const [ch] = await t.db.insert(alarmChannels).values({ name: 'mail', kind: 'webhook', config: {}, createdAt: now, updatedAt: now }).returning();
    const incident = (key: string, resolvedAt: Date | null) =>
      t.db
        .insert(alarmIncidents)
        .values({ key, rule: 'node-unreachable', severity: 'critical', scope: 'node', nodeId: n!.id, title: key, openedAt: ago(60), lastSeenAt: ago(1), resolvedAt })
        .returning()
        .then((r) => r[0]!.id);
    const openId = await incident('still-open', null);
    const doneId = await incident('done', ago(40));
    const row = (label: string, createdAt: Date, status: 'sent' | 'pending' | 'failed', incidentId: number | null) => ({
      channelId: ch!.id, incidentId, event: 'opened' as const, status, message: { label }, nextAttemptAt: createdAt, createdAt,
    });
    await t.db.insert(alarmDeliveries).values([
      row('old-sent', ago(45), 'sent', doneId),
      row('old-test', ago(31), 'failed', null),
      row('old-pending', ago(45), 'pending', doneId),
      row('old-of-open', ago(45), 'sent', openId),
      row('recent-1', ago(3), 'sent', doneId),
      row('recent-2', ago(2), 'sent', doneId),
      row('recent-3', ago(1), 'sent', doneId),
    ]);
    const labels = async () => (await t.db.select({ m: alarmDeliveries.message }).from(alarmDeliveries).orderBy(alarmDeliveries.id)).map((r) => (r.m as { label: string }).label);

    expect(await pruneDeliveryLog(t.db, now, { days: 30, maxRows: 100 })).toBe(2);
    expect(await labels()).toEqual(['old-pending', 'old-of-open', 'recent-1', 'recent-2', 'recent-3']);

    expect(await pruneDeliveryLog(t.db, now, { days: 30, maxRows: 2 })).toBe(1);
    expect(await labels()).toEqual(['old-pending', 'old-of-open', 'recent-2', 'recent-3']);
    expect(await pruneDeliveryLog(t.db, now, { days: 30, maxRows: 2 })).toBe(0);
  });
});
