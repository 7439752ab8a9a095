import type { AlarmSeverity, ChannelKind } from '@/vocabulary/alarm';

/**
 * The channel form's fields as the admin types them, and the tRPC input built from them. Pure.
 * Secrets are write-only: the form starts them empty, and an edit that leaves them empty keeps the
 * stored ones (the input then carries no `secret` at all).
 */

export const CHANNEL_KIND_LABEL: Record<ChannelKind, string> = { email: 'E-mail (SMTP)', webhook: 'Webhook (signed JSON)', slack: 'Slack / Mattermost', telegram: 'Telegram' };

export interface ChannelFormState {
  name: string;
  kind: ChannelKind;
  minSeverity: AlarmSeverity;
  tags: string;
  batchMinutes: string;
  enabled: boolean;
  // email
  host: string;
  port: string;
  secure: boolean;
  user: string;
  from: string;
  to: string;
  password: string;
  // webhook
  url: string;
  hmacSecret: string;
  // slack / mattermost
  flavour: 'slack' | 'mattermost';
  webhookUrl: string;
  // telegram
  chatId: string;
  apiBase: string;
  botToken: string;
}

export const EMPTY_CHANNEL_FORM: ChannelFormState = {
  name: '', kind: 'email', minSeverity: 'warning', tags: '', batchMinutes: '0', enabled: true,
  host: '', port: '587', secure: false, user: '', from: '', to: '', password: '',
  url: '', hmacSecret: '', flavour: 'slack', webhookUrl: '', chatId: '', apiBase: 'https://api.telegram.org', botToken: '',
};

/** The channel as the server shows it (ChannelView): config without secrets. */
export interface ChannelShown {
  name: string;
  kind: ChannelKind;
  config: Record<string, unknown>;
  minSeverity: AlarmSeverity;
  tags: string[];
  enabled: boolean;
  batchMinutes: number;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback);

/** The form for editing a stored channel; every secret field starts empty. */
export function formOfChannel(c: ChannelShown): ChannelFormState {
  const cfg = c.config;
  return {
    ...EMPTY_CHANNEL_FORM,
    name: c.name,
    kind: c.kind,
    minSeverity: c.minSeverity,
    tags: c.tags.join(', '),
    batchMinutes: String(c.batchMinutes),
    enabled: c.enabled,
    host: str(cfg.host),
    port: str(cfg.port, EMPTY_CHANNEL_FORM.port),
    secure: cfg.secure === true,
    user: str(cfg.user),
    from: str(cfg.from),
    to: Array.isArray(cfg.to) ? cfg.to.map((v) => str(v)).join(', ') : '',
    url: str(cfg.url),
    flavour: cfg.flavour === 'mattermost' ? 'mattermost' : 'slack',
    chatId: str(cfg.chatId),
    apiBase: str(cfg.apiBase, EMPTY_CHANNEL_FORM.apiBase),
  };
}

/** "a, b\nc" → ["a", "b", "c"]. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Whole numbers only; anything else becomes NaN so the server's validation names the field. */
function int(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

export interface ChannelInputShape {
  name: string;
  kind: ChannelKind;
  config: Record<string, unknown>;
  secret?: Record<string, unknown>;
  minSeverity: AlarmSeverity;
  tags: string[];
  enabled: boolean;
  batchMinutes: number;
}

/** The tRPC input for create (`editing` false) or update (`editing` true: empty secrets keep the stored ones). */
export function channelInputOf(f: ChannelFormState, editing: boolean): ChannelInputShape {
  const base = { name: f.name.trim(), kind: f.kind, minSeverity: f.minSeverity, tags: splitList(f.tags), enabled: f.enabled, batchMinutes: int(f.batchMinutes) };
  let config: Record<string, unknown>;
  let secret: Record<string, unknown> | undefined;
  switch (f.kind) {
    case 'email':
      config = { host: f.host.trim(), port: int(f.port), secure: f.secure, ...(f.user.trim() ? { user: f.user.trim() } : {}), from: f.from.trim(), to: splitList(f.to) };
      secret = f.password ? { password: f.password } : editing ? undefined : {};
      break;
    case 'webhook':
      config = { url: f.url.trim() };
      secret = f.hmacSecret ? { hmacSecret: f.hmacSecret } : undefined;
      break;
    case 'slack':
      config = { flavour: f.flavour };
      secret = f.webhookUrl.trim() ? { url: f.webhookUrl.trim() } : undefined;
      break;
    case 'telegram':
      config = { chatId: f.chatId.trim(), apiBase: f.apiBase.trim() };
      secret = f.botToken.trim() ? { botToken: f.botToken.trim() } : undefined;
      break;
  }
  return secret === undefined ? { ...base, config } : { ...base, config, secret };
}

/** What a channel sends to, in one line for the list (never a secret: the Slack URL and bot token are). */
export function channelTarget(c: Pick<ChannelShown, 'kind' | 'config'>): string {
  const cfg = c.config;
  switch (c.kind) {
    case 'email':
      return `${Array.isArray(cfg.to) ? cfg.to.map((v) => str(v)).join(', ') : ''} via ${str(cfg.host)}:${str(cfg.port)}`;
    case 'webhook':
      return str(cfg.url);
    case 'slack':
      return `${cfg.flavour === 'mattermost' ? 'Mattermost' : 'Slack'} incoming webhook`;
    case 'telegram':
      return `chat ${str(cfg.chatId)}`;
  }
}
