import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { ALARM_SEVERITIES, alarmChannels, CHANNEL_KINDS, type ChannelKind } from '../../../db/schema-alarm';
import { NotFoundError } from '../../errors/general-errors';
import { decryptSecretText, encryptSecretText } from '../../ssh/key-vault';
import { channelSchemas, parseResolvedChannel, type ResolvedChannel } from './channel-config';

/** Channel CRUD for admins. Secrets go in sealed and never come out: reads say only whether one is set. */
export const channelInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(CHANNEL_KINDS),
  // Any kind's shape here (bounded, strict); checked() then holds it to the chosen kind's own schema.
  config: z.union([channelSchemas.email.config, channelSchemas.webhook.config, channelSchemas.slack.config, channelSchemas.telegram.config]),
  /** Omitted on update = keep the stored secret. */
  secret: z.union([channelSchemas.email.secret, channelSchemas.webhook.secret, channelSchemas.slack.secret, channelSchemas.telegram.secret]).optional(),
  minSeverity: z.enum(ALARM_SEVERITIES).default('warning'),
  tags: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  enabled: z.boolean().default(true),
  batchMinutes: z.number().int().min(0).max(60).default(0),
});
export type ChannelInput = z.input<typeof channelInputSchema>;

export interface ChannelView {
  id: number;
  name: string;
  kind: ChannelKind;
  config: Record<string, unknown>;
  hasSecret: boolean;
  minSeverity: (typeof ALARM_SEVERITIES)[number];
  tags: string[];
  enabled: boolean;
  batchMinutes: number;
}

function toView(r: typeof alarmChannels.$inferSelect): ChannelView {
  return { id: r.id, name: r.name, kind: r.kind, config: r.config, hasSecret: r.secretEnc !== null, minSeverity: r.minSeverity, tags: r.tags, enabled: r.enabled, batchMinutes: r.batchMinutes };
}

function checked(input: z.output<typeof channelInputSchema>, secret: Buffer, now: Date) {
  const s = channelSchemas[input.kind];
  const config = s.config.parse(input.config) as Record<string, unknown>;
  const sealed = input.secret === undefined ? undefined : encryptSecretText(JSON.stringify(s.secret.parse(input.secret)), secret);
  return { name: input.name, kind: input.kind, config, minSeverity: input.minSeverity, tags: input.tags, enabled: input.enabled, batchMinutes: input.batchMinutes, updatedAt: now, ...(sealed === undefined ? {} : { secretEnc: sealed }) };
}

export async function createChannel(db: Db, secret: Buffer, raw: ChannelInput, now: Date): Promise<ChannelView> {
  const input = channelInputSchema.parse(raw);
  // A channel kind whose secret is required must get it now (the schema says which).
  channelSchemas[input.kind].secret.parse(input.secret ?? {});
  const [row] = await db.insert(alarmChannels).values({ ...checked({ ...input, secret: input.secret ?? {} }, secret, now), createdAt: now }).returning();
  return toView(row!);
}

export async function updateChannel(db: Db, secret: Buffer, id: number, raw: ChannelInput, now: Date): Promise<ChannelView> {
  const input = channelInputSchema.parse(raw);
  const [old] = await db.select().from(alarmChannels).where(eq(alarmChannels.id, id));
  if (!old) throw new NotFoundError(`channel ${id}`);
  if (old.kind !== input.kind && input.secret === undefined) channelSchemas[input.kind].secret.parse({});
  const [row] = await db.update(alarmChannels).set(checked(input, secret, now)).where(eq(alarmChannels.id, id)).returning();
  return toView(row!);
}

export async function removeChannel(db: Db, id: number): Promise<void> {
  const gone = await db.delete(alarmChannels).where(eq(alarmChannels.id, id)).returning({ id: alarmChannels.id });
  if (!gone.length) throw new NotFoundError(`channel ${id}`);
}

export async function listChannels(db: Db): Promise<ChannelView[]> {
  return (await db.select().from(alarmChannels).orderBy(alarmChannels.name)).map(toView);
}

/** The channel with its secret opened, for sending only. */
export function resolveChannel(row: typeof alarmChannels.$inferSelect, secret: Buffer): ResolvedChannel {
  const opened: unknown = row.secretEnc ? JSON.parse(decryptSecretText(row.secretEnc, secret)) : {};
  return parseResolvedChannel(row.kind, row.name, row.config, opened);
}
