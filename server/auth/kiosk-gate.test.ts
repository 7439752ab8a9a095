import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { auditAnonymous, auditLog } from '../../db/schema-auth';
import type { Services } from '../services';
import { createTestServices } from '../test-services';
import { parseSecret } from '../ssh/key-vault';
import { createKioskToken, KIOSK_COOKIE } from './kiosk';
import { handleKioskRequest } from './kiosk-gate';

const at = (path: string, method = 'GET') =>
  new Request(`http://127.0.0.1:3000${path}`, { method, headers: { 'x-vzfleet-peer': '192.0.2.44', ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, body: method === 'POST' ? '' : undefined });

describe.each(TEST_ENGINES)('wall links on %s', (engine) => {
  let t: TestDb;
  let services: Services;
  const rows = async () => (await t.db.select({ n: count() }).from(auditLog))[0]!.n;

  beforeAll(async () => {
    t = await createTestDb(engine);
    services = createTestServices(t, { secret: parseSecret('56'.repeat(32)), connectTimeoutMs: 500, commandTimeoutMs: 500 });
  });
  afterAll(async () => {
    services?.ssh.closeAll();
    await t?.drop();
  });

  it('a GET (a link preview, a mail scanner) shows a button and spends nothing; the POST opens it once', async () => {
    const { secret, path } = await createKioskToken(t.db, 'Ops TV', 'admin@example.net');
    for (let i = 0; i < 3; i++) {
      const res = await handleKioskRequest(services, at(path), secret);
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(await res.text()).toMatch(/<form method="post">/);
    }
    const opened = await handleKioskRequest(services, at(path, 'POST'), secret);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/wall');
    expect(opened.headers.getSetCookie()[0]).toMatch(new RegExp(`^${KIOSK_COOKIE.replace('.', '\\.')}=`));
    expect((await handleKioskRequest(services, at(path, 'POST'), secret)).status).toBe(403);
  });

  it('junk links add no audit lines: a GET reads nothing, a POST is counted', async () => {
    const before = await rows();
    for (let i = 0; i < 20; i++) {
      expect((await handleKioskRequest(services, at(`/kiosk/junk${i}`), `junk${i}`)).status).toBe(200);
      expect((await handleKioskRequest(services, at(`/kiosk/junk${i}`, 'POST'), `junk${i}`)).status).toBe(403);
    }
    expect(await rows()).toBe(before);
    const agg = await t.db.select().from(auditAnonymous);
    expect(agg.find((r) => r.action === 'kiosk.open')).toMatchObject({ source: '192.0.2.44', count: 21 });
  });
});
