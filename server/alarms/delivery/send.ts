import nodemailer from 'nodemailer';
import type { ResolvedChannel } from './channel-config';
import { formatEmail, formatSlack, formatTelegram, formatWebhookJson, signWebhook } from './format';
import type { AlarmMessage } from './message';

/** A message could not be delivered; the text is safe to store (no secrets in it). */
export class DeliveryError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}

export interface SendOptions {
  timeoutMs: number;
  now: Date;
}

/** Sends one message to one channel; throws DeliveryError when it did not arrive. */
export async function sendToChannel(channel: ResolvedChannel, message: AlarmMessage, opts: SendOptions): Promise<void> {
  switch (channel.kind) {
    case 'email':
      return sendEmail(channel, message, opts);
    case 'webhook': {
      const body = formatWebhookJson(message);
      return postJson(channel.config.url, body, signWebhook(body, channel.secret.hmacSecret, opts.now), opts, []);
    }
    case 'slack':
      return postJson(channel.secret.url, JSON.stringify(formatSlack(message)), {}, opts, [channel.secret.url]);
    case 'telegram': {
      const url = `${channel.config.apiBase.replace(/\/$/, '')}/bot${channel.secret.botToken}/sendMessage`;
      return postJson(url, JSON.stringify(formatTelegram(message, channel.config.chatId)), {}, opts, [channel.secret.botToken]);
    }
  }
}

async function sendEmail(channel: ResolvedChannel & { kind: 'email' }, message: AlarmMessage, opts: SendOptions): Promise<void> {
  const { host, port, secure, user, from, to } = channel.config;
  const transport = nodemailer.createTransport({
    host,
    port,
    secure,
    auth: user ? { user, pass: channel.secret.password ?? '' } : undefined,
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
  });
  try {
    const { subject, text } = formatEmail(message);
    await transport.sendMail({ from, to, subject, text });
  } catch (err) {
    throw new DeliveryError(`SMTP ${host}:${port}: ${redact((err as Error).message, [channel.secret.password])}`, { cause: err });
  } finally {
    transport.close();
  }
}

/** Webhook URLs and bot tokens are secrets: never part of a stored error. */
function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[secret]');
  return out.slice(0, 500);
}

async function postJson(url: string, body: string, headers: Record<string, string>, opts: SendOptions, secrets: string[]): Promise<void> {
  const where = secrets.includes(url) ? 'the webhook' : redact(new URL(url).origin, secrets);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'vzfleet-alarms', ...headers },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
    throw new DeliveryError(`POST to ${where} failed: ${redact(cause, secrets)}`, { cause: err });
  }
  // Only the status matters; the body is not read (a receiver could send anything, of any size).
  await res.body?.cancel();
  if (res.status < 200 || res.status > 299) throw new DeliveryError(`POST to ${where} answered HTTP ${res.status}`);
}
