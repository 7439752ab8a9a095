import { z } from 'zod';
import type { ChannelKind } from '../../../db/schema-alarm';

/** The settings of each channel kind: `config` is shown to admins, `secret` is sealed and never returned. */
const httpUrl = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

export const channelSchemas = {
  email: {
    config: z
      .object({
        host: z.string().min(1).max(255).regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or address'),
        port: z.number().int().min(1).max(65535),
        /** true = TLS from the start (465); false = STARTTLS when the server offers it (587/25). */
        secure: z.boolean(),
        user: z.string().max(255).optional(),
        from: z.string().email().max(320),
        to: z.array(z.string().email().max(320)).min(1).max(50),
      })
      .strict(),
    secret: z.object({ password: z.string().max(1024).optional() }).strict(),
  },
  webhook: {
    config: z.object({ url: httpUrl }).strict(),
    secret: z.object({ hmacSecret: z.string().min(16).max(1024) }).strict(),
  },
  slack: {
    // The incoming-webhook URL carries the token, so it is the secret.
    config: z.object({ flavour: z.enum(['slack', 'mattermost']) }).strict(),
    secret: z.object({ url: httpUrl }).strict(),
  },
  telegram: {
    config: z.object({ chatId: z.string().regex(/^(-?\d{1,20}|@\w{5,64})$/), apiBase: httpUrl }).strict(),
    secret: z.object({ botToken: z.string().regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'a bot token as BotFather gives it') }).strict(),
  },
} satisfies Record<ChannelKind, { config: z.ZodType; secret: z.ZodType }>;

export type ChannelConfig<K extends ChannelKind> = z.infer<(typeof channelSchemas)[K]['config']>;
export type ChannelSecret<K extends ChannelKind> = z.infer<(typeof channelSchemas)[K]['secret']>;

/** A channel ready to send: kind, config and decrypted secret, checked together. */
export type ResolvedChannel = { [K in ChannelKind]: { kind: K; name: string; config: ChannelConfig<K>; secret: ChannelSecret<K> } }[ChannelKind];

export function parseResolvedChannel(kind: ChannelKind, name: string, config: unknown, secret: unknown): ResolvedChannel {
  const s = channelSchemas[kind];
  return { kind, name, config: s.config.parse(config), secret: s.secret.parse(secret ?? {}) } as ResolvedChannel;
}

export const DEFAULT_TELEGRAM_API = 'https://api.telegram.org';
