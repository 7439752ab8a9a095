import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../db/test-databases';
import { loadEnv } from '../env';
import { parseHistoryTiers } from './history/tiers';
import { createServices, servicesConfigFromEnv, type Services } from './services';

describe('createServices', () => {
  let t: TestDb;
  const made: Services[] = [];
  const secret = Buffer.alloc(32, 7);
  beforeAll(async () => {
    t = await createTestDb('pglite');
  });
  afterAll(async () => {
    for (const s of made) s.ssh.closeAll();
    await t?.drop();
  });

  it('carries every figure the environment sets into the config, so no entry point drops one', () => {
    const env = loadEnv({
      VZFLEET_SSH_MAX_HANDSHAKES: '7',
      VZFLEET_SSH_CONNECT_TIMEOUT_MS: '1500',
      VZFLEET_SSH_COMMAND_TIMEOUT_MS: '2500',
      VZFLEET_POLL_INTERVAL_S: '30',
      VZFLEET_FULL_POLL_EVERY: '3',
      VZFLEET_HISTORY_TIERS: '1m:2h',
      VZFLEET_PUBLIC_URL: 'https://vzfleet.example.net',
      VZFLEET_LOGIN_PER_MINUTE: '9',
      SSH_AUTH_SOCK: '/run/agent.sock',
      VZFLEET_KEY_DIR: '/srv/vzfleet-keys',
      VZFLEET_TRUSTED_PROXIES: '10.0.0.0/8',
      VZFLEET_METRICS_TOKEN: 'scrape-token-0123456789',
    });
    const { db, secret: s, trustedProxies, ...config } = servicesConfigFromEnv(env, t, secret, false);
    expect(trustedProxies.check('10.1.2.3', 'ipv4')).toBe(true);
    expect(trustedProxies.check('192.0.2.1', 'ipv4')).toBe(false);
    expect(db).toBe(t);
    expect(s).toBe(secret);
    expect(config).toEqual({
      ssh: { connectTimeoutMs: 1500, maxHandshakes: 7 },
      commandTimeoutMs: 2500,
      agentSocket: '/run/agent.sock',
      pollIntervalMs: 30_000,
      fullEvery: 3,
      historyTiers: parseHistoryTiers('1m:2h'),
      publicUrl: 'https://vzfleet.example.net',
      loginPerMinute: 9,
      inProcessState: false,
      keyDir: '/srv/vzfleet-keys',
      metricsToken: 'scrape-token-0123456789',
    });
  });

  it('keeps snapshots and the history buffer in memory only for a process that asks to', () => {
    const config = servicesConfigFromEnv(loadEnv({}), t, secret, true);
    const server = createServices(config);
    const cli = createServices({ ...config, inProcessState: false });
    made.push(server, cli);
    expect(server.latest).toBeInstanceOf(Map);
    expect(server.history).not.toBeNull();
    expect(cli.latest).toBeUndefined();
    expect(cli.history).toBeNull();
    for (const s of [server, cli]) {
      expect(s.db).toBe(t.db);
      expect(s).toMatchObject({ dbKind: 'pglite', pollIntervalMs: 15_000, commandTimeoutMs: 20_000, fullEvery: 4, loginPerMinute: 5, collector: null, migrations: null, demo: null });
    }
  });

  it('lets a test replace a part without building the rest by hand', () => {
    const clock = () => new Date(0);
    const s = createServices(servicesConfigFromEnv(loadEnv({}), t, secret, false), { clock });
    made.push(s);
    expect(s.clock).toBe(clock);
    expect(s.secret).toBe(secret);
  });
});
