import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmChannels } from '../../db/schema';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { parseSecret } from '../ssh/key-vault';
import { DEMO_EMAIL_CHANNEL, DEMO_WEBHOOK_CHANNEL, ensureDemoChannels, planDemoChannels } from './demo-channels';
import { resolveChannel } from './delivery/channels';

const secret = parseSecret('56'.repeat(32));

describe('demo channel plan', () => {
  it('reads an SMTP URL with credentials and TLS, and splits the recipients', () => {
    const { inputs } = planDemoChannels({ smtpUrl: 'smtps://ops%40x:p%3Ass@mail.example:2465', emailFrom: 'vz@example.test', emailTo: 'a@example.test, b@example.test' });
    expect(inputs).toEqual([
      {
        name: DEMO_EMAIL_CHANNEL, kind: 'email', minSeverity: 'warning', secret: { password: 'p:ss' },
        config: { host: 'mail.example', port: 2465, secure: true, user: 'ops@x', from: 'vz@example.test', to: ['a@example.test', 'b@example.test'] },
      },
    ]);
    expect(planDemoChannels({ smtpUrl: 'smtp://127.0.0.1', emailFrom: 'a@b.test', emailTo: 'c@d.test' }).inputs[0]).toMatchObject({ config: { port: 25, secure: false }, secret: {} });
  });

  it('leaves out a half-configured e-mail channel with a reason, and nothing configured means no channel', () => {
    expect(planDemoChannels({ smtpUrl: 'smtp://127.0.0.1:25' })).toMatchObject({ inputs: [], skipped: [expect.stringContaining('VZFLEET_ALARM_EMAIL_FROM')] });
    expect(planDemoChannels({})).toEqual({ inputs: [], skipped: [] });
  });
});

describe.each(TEST_ENGINES)('demo channels on %s', (engine) => {
  let t: TestDb;
  const now = new Date('2026-12-04T08:00:00Z');
  beforeAll(async () => {
    t = await createTestDb(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('creates the channels once, however often the server starts, and keeps what an admin changed and the generated secret', async () => {
    const config = { smtpUrl: 'smtp://127.0.0.1:2525', emailFrom: 'vz@example.test', emailTo: 'ops@example.test', webhookUrl: 'http://127.0.0.1:9/hook' };
    expect(await ensureDemoChannels(t.db, secret, config, now)).toEqual({ created: [DEMO_EMAIL_CHANNEL, DEMO_WEBHOOK_CHANNEL], updated: [], skipped: [] });
    const hookSecret = async () => {
      const [row] = await t.db.select().from(alarmChannels).where(eq(alarmChannels.name, DEMO_WEBHOOK_CHANNEL));
      const resolved = resolveChannel(row!, secret);
      return resolved.kind === 'webhook' ? resolved.secret.hmacSecret : null;
    };
    const first = await hookSecret();
    expect(first).toMatch(/^[\w-]{32}$/);
    await t.db.update(alarmChannels).set({ enabled: false }).where(eq(alarmChannels.name, DEMO_EMAIL_CHANNEL));

    expect(await ensureDemoChannels(t.db, secret, { ...config, emailTo: 'night@example.test' }, now)).toMatchObject({ created: [], updated: [DEMO_EMAIL_CHANNEL, DEMO_WEBHOOK_CHANNEL] });
    const rows = await t.db.select().from(alarmChannels).orderBy(alarmChannels.name);
    expect(rows.map((r) => [r.name, r.enabled, (r.config as { to?: string[] }).to ?? null])).toEqual([
      [DEMO_EMAIL_CHANNEL, false, ['night@example.test']],
      [DEMO_WEBHOOK_CHANNEL, true, null],
    ]);
    expect(await hookSecret()).toBe(first);
    await ensureDemoChannels(t.db, secret, { ...config, webhookSecret: 'a-configured-secret-1234' }, now);
    expect(await hookSecret()).toBe('a-configured-secret-1234');
  });
});
