import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmIncidents, auditLog, containers, nodes } from '../../../db/schema';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../../db/test-databases';
import { startHttpReceiver, type HttpReceiver } from '../../alarms/delivery/test-receivers';
import type { Viewer } from '../../auth/roles';
import type { Services } from '../../services';
import { createTestServices } from '../../test-services';
import { parseSecret } from '../../ssh/key-vault';
import { createCaller } from '../root';

const HMAC = 'router-test-hmac-secret';

describe.each(TEST_ENGINES)('alarm router on %s', (engine) => {
  let t: TestDb;
  let http: HttpReceiver;
  let services: Services;
  const now = new Date('2026-12-04T08:00:00Z');
  const as = (role: Viewer['role']) => createCaller({ services, headers: new Headers(), viewer: { kind: 'user', id: `u-${role}`, role, label: `${role}@test` } });
  let incidentId: number;
  let nodeId: number;

  beforeAll(async () => {
    [t, http] = await Promise.all([createTestDb(engine), startHttpReceiver()]);
    services = createTestServices(t, { secret: parseSecret('12'.repeat(32)), connectTimeoutMs: 1000, commandTimeoutMs: 1000 }, { clock: () => now });
    const [n] = await t.db.insert(nodes).values({ name: 'hn1', host: '127.0.0.1', authMethod: 'agent' }).returning();
    nodeId = n!.id;
    const [i] = await t.db
      .insert(alarmIncidents)
      .values({ key: `ct:${nodeId}:101:failcnt:numproc`, rule: 'failcnt-rising', severity: 'warning', scope: 'ct', nodeId, ctId: '101', resource: 'numproc', title: 'CT 101 on hn1: numproc refused', openedAt: now, lastSeenAt: now })
      .returning();
    incidentId = i!.id;
  });
  afterAll(async () => {
    services?.ssh.closeAll();
    await Promise.all([t?.drop(), http?.stop()]);
  });

  it('lists and counts open incidents for support, with the node name', async () => {
    const list = await as('support').alarm.list({});
    expect(list).toMatchObject([{ id: incidentId, nodeName: 'hn1', ctId: '101', silenced: false }]);
    expect(await as('support').alarm.count()).toEqual({ info: 0, warning: 1, critical: 0 });
  });

  it('lets an operator acknowledge with a comment and silence until a time, then unsilence', async () => {
    const op = as('operator');
    await op.alarm.acknowledge({ id: incidentId, comment: 'on it' });
    await op.alarm.silence({ incidentId, until: new Date(now.getTime() + 3_600_000), comment: 'noisy customer' });
    expect(await op.alarm.list({ state: 'silenced' })).toMatchObject([
      { id: incidentId, acknowledgedBy: 'operator@test', ackComment: 'on it', silencedBy: 'operator@test', silenceComment: 'noisy customer', silencedUntil: new Date(now.getTime() + 3_600_000) },
    ]);
    expect(await op.alarm.list({ state: 'open' })).toEqual([]);
    await expect(op.alarm.silence({ incidentId, until: new Date(now.getTime() - 1) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(op.alarm.silence({ incidentId, until: new Date(now.getTime() + 31 * 86_400_000) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await op.alarm.unsilence({ id: incidentId });
    const detail = await op.alarm.byId({ id: incidentId });
    expect(detail.events.map((e) => [e.kind, e.by])).toEqual([
      ['acknowledged', 'operator@test'],
      ['silenced', 'operator@test'],
      ['unsilenced', 'operator@test'],
    ]);
    await expect(as('support').alarm.acknowledge({ id: incidentId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(op.alarm.byId({ id: 999_999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps channel secrets out of answers and the audit trail; the test message reports its outcome', async () => {
    const admin = as('admin');
    const ch = await admin.alarm.createChannel({ name: 'hook', kind: 'webhook', config: { url: `${http.url}/in` }, secret: { hmacSecret: HMAC } });
    expect(JSON.stringify(await admin.alarm.channels())).not.toContain(HMAC);
    const audit = await t.db.select().from(auditLog);
    expect(JSON.stringify(audit)).not.toContain(HMAC);
    expect(audit.some((a) => a.action === 'alarm.createChannel')).toBe(true);

    expect(await admin.alarm.testChannel({ id: ch.id })).toMatchObject({ status: 'sent', error: null });
    http.respondWith.push(500);
    expect(await admin.alarm.testChannel({ id: ch.id })).toMatchObject({ status: 'failed', error: expect.stringContaining('HTTP 500') });
    const log = await admin.alarm.deliveries({ channelId: ch.id });
    expect(log.map((d) => [d.event, d.status])).toEqual([
      ['test', 'failed'],
      ['test', 'sent'],
    ]);
    await expect(admin.alarm.createChannel({ name: 'bad', kind: 'webhook', config: { url: 'file:///etc/passwd' }, secret: { hmacSecret: HMAC } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(as('operator').alarm.channels()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('stores settings overrides per scope and rejects unknown rules', async () => {
    const admin = as('admin');
    await admin.alarm.updateSettings({ scope: `node:${nodeId}`, overrides: { heldNearBarrier: { minutes: 20 } } });
    const s = await admin.alarm.settings();
    expect(s.defaults.heldNearBarrier.minutes).toBe(10);
    expect(s.overrides).toMatchObject([{ scope: `node:${nodeId}`, overrides: { heldNearBarrier: { minutes: 20 } }, updatedBy: 'admin@test' }]);
    await expect(admin.alarm.updateSettings({ scope: 'fleet', overrides: { nope: {} } as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.alarm.updateSettings({ scope: 'everything', overrides: {} })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('gives the wall only the worst open incidents, critical first then oldest, without people or comments', async () => {
    const at = (min: number) => new Date(now.getTime() + min * 60_000);
    const add = (key: string, severity: 'info' | 'warning' | 'critical', openedAt: Date, extra: Partial<typeof alarmIncidents.$inferInsert> = {}) =>
      t.db.insert(alarmIncidents).values({ key, rule: 'node-unreachable', severity, scope: 'node', nodeId, title: key, openedAt, lastSeenAt: openedAt, ...extra });
    await add('late-critical', 'critical', at(-5));
    await add('early-critical', 'critical', at(-50));
    await add('older-info', 'info', at(-500));
    await add('in-maintenance', 'critical', at(-900), { muted: true });
    await add('gone', 'critical', at(-900), { resolvedAt: at(-1) });
    const wall = await as('wall').alarm.wallWorst();
    expect(wall.incidents.map((i) => i.title)).toEqual(['early-critical', 'late-critical', 'CT 101 on hn1: numproc refused', 'older-info']);
    expect(wall.open).toBe(4);
    expect(Object.keys(wall.incidents[2]!).sort()).toEqual(['acknowledged', 'ctId', 'id', 'nodeName', 'openedAt', 'severity', 'silenced', 'title']);
    expect(wall.incidents[2]).toMatchObject({ acknowledged: true, silenced: false, ctId: '101', nodeName: 'hn1' });
    await expect(as('wall').alarm.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('counts what nobody has taken yet for the header, and names the CT by its hostname in the list', async () => {
    // Open and unacknowledged: the three added above that are neither muted nor resolved, plus the muted one (it is still open).
    expect(await as('support').alarm.unacknowledged()).toEqual({ total: 4, critical: 3 });
    await t.db.insert(containers).values({ nodeId, ctId: '101', hostname: '<b>shop</b>.example', status: 'running', lastSeenAt: now });
    const [ct] = await as('support').alarm.list({ ctId: '101' });
    expect(ct).toMatchObject({ ctId: '101', ctHostname: '<b>shop</b>.example' });
  });
});
