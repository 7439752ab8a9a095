import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_POLL_INTERVAL_S } from './vocabulary/poll-interval';

/**
 * The only place that reads process.env. Validated once, so a typo in a variable is a clear
 * start-up error instead of a surprise deep in the collector.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Postgres connection string; when unset vzfleet embeds PGlite under VZFLEET_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  VZFLEET_DATA_DIR: z.string().min(1).default('./data'),
  /** The only directory SSH key files (auth method key-file) may be read from; default <data dir>/keys. */
  VZFLEET_KEY_DIR: z.string().min(1).optional(),
  /** 32-byte key (64 hex chars or base64) that encrypts stored SSH private keys. */
  VZFLEET_SECRET: z.string().min(1).optional(),
  /** The address people open (e.g. https://vzfleet.example.net); https makes every cookie Secure. */
  VZFLEET_PUBLIC_URL: z.string().url().regex(/^https?:\/\//, 'http:// or https://').optional(),
  /** Sign-in attempts per client address per minute (Better Auth's rate limit); the per-account brake is server/auth/sign-in-brake.ts. */
  VZFLEET_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(5),
  /** Start the built-in simulated fleet ("demo") when the inventory is empty. */
  VZFLEET_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  VZFLEET_DEMO_NODES: z.coerce.number().int().min(1).max(50).default(4),
  /** The ssh-agent socket, for nodes whose auth method is "agent". */
  SSH_AUTH_SOCK: z.string().optional(),
  /** The login name, for the CLI's audit label (cli:<user>). */
  USER: z.string().optional(),
  /** `vzfleet user create` reads the new password from here when not given --password-stdin. */
  VZFLEET_NEW_PASSWORD: z.string().optional(),
  /** Run the poll loop inside the web server process. */
  VZFLEET_COLLECTOR: z.enum(['on', 'off']).default('on'),
  VZFLEET_POLL_INTERVAL_S: z.coerce.number().int().min(2).max(3600).default(DEFAULT_POLL_INTERVAL_S),
  /** Quotas, config, vzcpucheck and meminfo change slowly: read them every Nth poll. */
  VZFLEET_FULL_POLL_EVERY: z.coerce.number().int().min(1).max(100).default(4),
  /** History tiers as resolution:retention pairs, finest first. */
  VZFLEET_HISTORY_TIERS: z.string().default('1m:24h,30m:30d,6h:1y'),
  /** Fleet-wide limit of SSH handshakes in flight. */
  VZFLEET_SSH_MAX_HANDSHAKES: z.coerce.number().int().min(1).max(256).default(24),
  /** Polls in flight at once. A poll mostly waits on its node, and a hung node holds its slot until the command timeout. */
  VZFLEET_POLL_CONCURRENCY: z.coerce.number().int().min(1).max(4096).default(256),
  VZFLEET_SSH_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  /**
   * Reverse proxies whose X-Forwarded-For hop is believed (IPs/CIDRs, comma-separated). Empty (the
   * default): the socket address is the client, and X-Forwarded-For is ignored.
   */
  VZFLEET_TRUSTED_PROXIES: z.string().default(''),
  /** GET /api/metrics requires `Authorization: Bearer <token>` with this token or one an admin generated. */
  VZFLEET_METRICS_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  VZFLEET_SSH_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(500).max(600_000).default(20_000),
  /**
   * Placement limits of migrations, evacuation and rebalance (fractions: 1 = 100 %). Unset = the
   * defaults of server/migration/model.ts, reasoned in the README ("Placement limits").
   * Memory in use on the target after a move, of RAM + swap:
   */
  VZFLEET_PLACEMENT_MAX_MEM_IN_USE: z.coerce.number().min(0.1).max(1).optional(),
  /** How far the target's memory promise may go above the fleet's 90th percentile promise: */
  VZFLEET_PLACEMENT_MEM_PROMISE_OVER_FLEET: z.coerce.number().min(0).max(5).optional(),
  /** The memory promise (alloc commit, of RAM + swap) no target may pass: */
  VZFLEET_PLACEMENT_MAX_MEM_PROMISE: z.coerce.number().min(0.1).max(10).optional(),
  /** Σ cpuunits / node power on the target after a move: */
  VZFLEET_PLACEMENT_MAX_CPU_GUARANTEE: z.coerce.number().min(0.1).max(10).optional(),
  /** Replaced by the placement limits above (a flat commitment cap refused every move on a hosting node). */
  VZFLEET_MIGRATION_MAX_MEM_COMMIT: z.undefined({ error: 'no longer read: use VZFLEET_PLACEMENT_MAX_MEM_IN_USE / _MAX_MEM_PROMISE (README, "Placement limits")' }).optional(),
  VZFLEET_MIGRATION_MAX_CPU_COMMIT: z.undefined({ error: 'no longer read: use VZFLEET_PLACEMENT_MAX_CPU_GUARANTEE (README, "Placement limits")' }).optional(),
  /** Migration jobs per node at once. */
  VZFLEET_MIGRATIONS_PER_NODE: z.coerce.number().int().min(1).max(16).default(2),
  /**
   * Demo alarm channels, created at start while the demo runs (server/alarms/demo-channels.ts):
   * e-mail through smtp://[user[:password]@]host:port (smtps:// for TLS from the start) from FROM to
   * TO (comma-separated), and a signed webhook (its secret, >= 16 characters, or one generated).
   */
  VZFLEET_ALARM_SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, 'smtp://host:port or smtps://host:port').optional(),
  VZFLEET_ALARM_EMAIL_FROM: z.string().email().optional(),
  VZFLEET_ALARM_EMAIL_TO: z.string().min(3).optional(),
  VZFLEET_ALARM_WEBHOOK_URL: z.string().url().regex(/^https?:\/\//, 'http:// or https://').optional(),
  VZFLEET_ALARM_WEBHOOK_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
});

export type Env = z.infer<typeof envSchema>;

export function loadEnv(source: Readonly<Record<string, string | undefined>> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`vzfleet: invalid environment:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, VZFLEET_DATA_DIR: path.resolve(parsed.data.VZFLEET_DATA_DIR) };
}

export const env: Env = loadEnv();
