import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { alarmChannels } from '../../db/schema-alarm';
import { createChannel, updateChannel, type ChannelInput } from './delivery/channels';

/** What the environment asks of the demo's channels: env.ts reads and checks it, runtime.ts passes it in. */
export interface DemoChannelConfig {
  smtpUrl?: string;
  emailFrom?: string;
  emailTo?: string;
  webhookUrl?: string;
  webhookSecret?: string;
}

export const DEMO_EMAIL_CHANNEL = 'demo e-mail';
export const DEMO_WEBHOOK_CHANNEL = 'demo webhook';

/**
 * The channels the configuration describes, as channel inputs. Pure. E-mail needs the SMTP URL,
 * FROM and TO; a missing part leaves that channel out with a reason, rather than stopping the start.
 */
export function planDemoChannels(c: DemoChannelConfig): { inputs: ChannelInput[]; skipped: string[] } {
  const inputs: ChannelInput[] = [];
  const skipped: string[] = [];
  if (c.smtpUrl || c.emailFrom || c.emailTo) {
    if (!c.smtpUrl || !c.emailFrom || !c.emailTo) {
      skipped.push('demo e-mail channel: set VZFLEET_ALARM_SMTP_URL, VZFLEET_ALARM_EMAIL_FROM and VZFLEET_ALARM_EMAIL_TO together');
    } else {
      const url = new URL(c.smtpUrl);
      const secure = url.protocol === 'smtps:';
      const user = decodeURIComponent(url.username);
      const password = decodeURIComponent(url.password);
      inputs.push({
        name: DEMO_EMAIL_CHANNEL,
        kind: 'email',
        config: {
          host: url.hostname,
          port: url.port ? Number(url.port) : secure ? 465 : 25,
          secure,
          ...(user ? { user } : {}),
          from: c.emailFrom,
          to: c.emailTo.split(',').map((s) => s.trim()).filter(Boolean),
        },
        secret: password ? { password } : {},
        minSeverity: 'warning',
      });
    }
  }
  if (c.webhookUrl) {
    inputs.push({
      name: DEMO_WEBHOOK_CHANNEL,
      kind: 'webhook',
      config: { url: c.webhookUrl },
      // Without a configured secret a random one is made on first start and kept after (see below).
      ...(c.webhookSecret ? { secret: { hmacSecret: c.webhookSecret } } : {}),
      minSeverity: 'warning',
    });
  }
  return { inputs, skipped };
}

/**
 * Creates the demo's channels, or brings them in line with the environment on a later start: one
 * row per name however often the server restarts. An admin's choices on them (enabled, severity,
 * tags, batching) are kept; a webhook secret is replaced only when the environment gives one.
 */
export async function ensureDemoChannels(db: Db, secret: Buffer, config: DemoChannelConfig, now: Date): Promise<{ created: string[]; updated: string[]; skipped: string[] }> {
  const { inputs, skipped } = planDemoChannels(config);
  const created: string[] = [];
  const updated: string[] = [];
  for (const input of inputs) {
    const [row] = await db.select().from(alarmChannels).where(eq(alarmChannels.name, input.name));
    if (!row) {
      const first = input.kind === 'webhook' && !input.secret ? { ...input, secret: { hmacSecret: randomBytes(24).toString('base64url') } } : input;
      await createChannel(db, secret, first, now);
      created.push(input.name);
      continue;
    }
    const kept = { minSeverity: row.minSeverity, tags: row.tags, enabled: row.enabled, batchMinutes: row.batchMinutes };
    // An unchanged kind keeps its stored secret unless the environment gives one.
    const withSecret = row.kind === input.kind ? input : { ...input, secret: input.secret ?? { hmacSecret: randomBytes(24).toString('base64url') } };
    await updateChannel(db, secret, row.id, { ...withSecret, ...kept }, now);
    updated.push(input.name);
  }
  return { created, updated, skipped };
}
