import type { DbHandle } from '../db/client';
import { parseTrustedProxies } from './http/client-address';
import { DEFAULT_HISTORY_TIERS } from './history/tiers';
import { configuredKeyDir } from './inventory/key-file';
import { createServices, type Services } from './services';
import { DEFAULT_POLL_INTERVAL_MS } from '../vocabulary/poll-interval';

/**
 * Services for tests and benches: the production defaults with short SSH timeouts, no agent, no
 * poll loop and nothing kept in memory (the database is read). Built by createServices, like the
 * server's and the CLI's, so a field added there reaches every test.
 */
export function createTestServices(
  db: Pick<DbHandle, 'db' | 'kind'>,
  opts: { secret: Buffer; connectTimeoutMs: number; commandTimeoutMs: number },
  overrides: Partial<Services> = {},
): Services {
  return createServices(
    {
      db,
      secret: opts.secret,
      ssh: { connectTimeoutMs: opts.connectTimeoutMs, maxHandshakes: 24 },
      commandTimeoutMs: opts.commandTimeoutMs,
      agentSocket: undefined,
      pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
      fullEvery: 1,
      historyTiers: DEFAULT_HISTORY_TIERS,
      publicUrl: undefined,
      loginPerMinute: 5,
      trustedProxies: parseTrustedProxies(''),
      metricsToken: undefined,
      // vitest.config.ts points VZFLEET_KEY_DIR at a scratch directory.
      keyDir: configuredKeyDir(),
      inProcessState: false,
    },
    overrides,
  );
}
