import type { DbHandle } from '../db/client';
import type { Env } from '../env';
import type { AlarmService } from './alarms/service';
import type { LatestEntry } from './collector/collect-node';
import { createHistoryRecorder, type HistoryRecorder } from './collector/history-recorder';
import type { LeaseSignals } from './collector/lease-signals';
import type { Collector } from './collector/scheduler';
import { batchPollOutcomes, type PollOutcomeSink } from './collector/poll-state';
import { batchQuietSnapshots, type QuietSnapshotSink } from './collector/quiet-snapshots';
import { parseHistoryTiers, type HistoryTier } from './history/tiers';
import { keyDirFromEnv } from './inventory/key-file';
import type { CtActions } from './ct-actions/service';
import type { MigrationDeps } from './migration/deps';
import type { MigrationRunner } from './migration/runner';
import { parseTrustedProxies, type TrustedProxies } from './http/client-address';
import { createSharedReads, type SharedReads } from './read-models/shared-reads';
import { SHARED_READ_MS } from '../vocabulary/shared-read';
import type { VzlistForm } from './ssh/commands';
import { SshPool } from './ssh/pool';

/** Everything with side effects that procedures and the collector use; passed in, never imported. */
export interface Services {
  db: DbHandle['db'];
  dbKind: DbHandle['kind'];
  ssh: SshPool;
  secret: Buffer;
  agentSocket?: string;
  clock: () => Date;
  /** The fleet default poll interval (VZFLEET_POLL_INTERVAL_S); staleness is judged against it. */
  pollIntervalMs?: number;
  commandTimeoutMs: number;
  /** Latest snapshot per node, in memory; absent where no collector runs. */
  latest?: Map<number, LatestEntry>;
  /** Each node's vzlist form (-j or the table), probed once; see CollectorDeps. */
  vzlistForms?: Map<number, VzlistForm>;
  /** History tiers (resolution and retention); default 1m:24h,30m:30d,6h:1y. */
  historyTiers?: readonly HistoryTier[];
  history?: HistoryRecorder | null;
  fullEvery?: number;
  /** Where the collector stores poll outcomes: batched across nodes where a collector runs. */
  pollOutcomes?: PollOutcomeSink;
  /** Where quiet polls store their snapshot: batched across nodes where a collector runs. */
  quietSnapshots?: QuietSnapshotSink;
  /** Null when the poll loop runs elsewhere (VZFLEET_COLLECTOR=off) or in tests. */
  collector: Collector | null;
  /** VZFLEET_PUBLIC_URL: the address people use; https there makes the session cookie Secure. */
  publicUrl?: string;
  /** VZFLEET_KEY_DIR (default <data dir>/keys): the only place key files are read from. */
  keyDir?: string;
  /** VZFLEET_METRICS_TOKEN: a scrape token from the environment (admins may also generate one). */
  metricsToken?: string;
  /** VZFLEET_TRUSTED_PROXIES, parsed; absent = none (the socket address is the client). */
  trustedProxies?: TrustedProxies;
  /** Sign-in attempts per address per minute (default 5). */
  loginPerMinute?: number;
  /** Live migration jobs (server/migration); absent in processes that run none. */
  migrations?: { runner: MigrationRunner; deps: MigrationDeps } | null;
  /** CT start/stop/restart/suspend/resume jobs (server/ct-actions); absent in processes that run none. */
  ctActions?: CtActions | null;
  /** Alarm evaluation and delivery; present where the collector runs. */
  alarms?: AlarmService | null;
  /** Hears other instances give their nodes back (collector/lease-signals.ts); its connection is closed on the way out. */
  leaseSignals?: LeaseSignals | null;
  /** Closes the database on the way out (server/shutdown.ts); set by whoever opened it. */
  closeDb?: () => Promise<void>;
  /** Set when the built-in simulated fleet is serving the demo nodes. */
  demo: { nodes: number } | null;
  /**
   * Fleet-wide reads shared by the viewers who ask within SHARED_READ_MS of each other; null reads
   * afresh every time (the CLI, most tests).
   */
  sharedReads?: SharedReads | null;
}

/**
 * What a process decides about its services; every field required, so an entry point cannot
 * silently leave one out (the CLI's hand-built copy once dropped maxHandshakes).
 */
export interface ServicesConfig {
  db: Pick<DbHandle, 'db' | 'kind'>;
  secret: Buffer;
  ssh: { connectTimeoutMs: number; maxHandshakes: number };
  commandTimeoutMs: number;
  /** SSH_AUTH_SOCK, for nodes that log in through the agent; undefined where there is none. */
  agentSocket: string | undefined;
  pollIntervalMs: number;
  fullEvery: number;
  historyTiers: readonly HistoryTier[];
  publicUrl: string | undefined;
  loginPerMinute: number;
  /** Addresses whose X-Forwarded-For hop is believed (VZFLEET_TRUSTED_PROXIES); empty = none. */
  trustedProxies: TrustedProxies;
  /** A scrape token from the environment; undefined = only a token an admin generates. */
  metricsToken: string | undefined;
  /** The only directory key files are read from. */
  keyDir: string;
  /**
   * Keep the latest snapshot per node and the history write buffer in this process, and share
   * fleet-wide reads between viewers: the server does (its collector and migrations share them);
   * the CLI and most tests read the database only.
   */
  inProcessState: boolean;
}

/**
 * What the collector keeps in the process between polls (latest snapshots, vzlist forms, the open
 * history buckets, batched writes). bench/collector builds its collector with this too: its
 * hand-made copy once lacked the vzlist forms, so every full poll there paid for a probe exec
 * the server never makes.
 */
export function inProcessCollectorState(db: DbHandle['db'], historyTiers: readonly HistoryTier[]) {
  return {
    latest: new Map<number, LatestEntry>(),
    vzlistForms: new Map<number, VzlistForm>(),
    history: createHistoryRecorder(db, historyTiers) as HistoryRecorder | null,
    pollOutcomes: batchPollOutcomes(db) as PollOutcomeSink,
    quietSnapshots: batchQuietSnapshots(db) as QuietSnapshotSink,
  };
}

/** The one way to build Services. `overrides` are for tests and benches (a fixed clock, a runner). */
export function createServices(config: ServicesConfig, overrides: Partial<Services> = {}): Services {
  return {
    db: config.db.db,
    dbKind: config.db.kind,
    ssh: new SshPool({ connectTimeoutMs: config.ssh.connectTimeoutMs, maxHandshakes: config.ssh.maxHandshakes }),
    secret: config.secret,
    agentSocket: config.agentSocket,
    clock: () => new Date(),
    pollIntervalMs: config.pollIntervalMs,
    commandTimeoutMs: config.commandTimeoutMs,
    historyTiers: config.historyTiers,
    fullEvery: config.fullEvery,
    ...(config.inProcessState ? inProcessCollectorState(config.db.db, config.historyTiers) : { history: null }),
    sharedReads: config.inProcessState ? createSharedReads({ shareMs: SHARED_READ_MS }) : null,
    collector: null,
    publicUrl: config.publicUrl,
    loginPerMinute: config.loginPerMinute,
    trustedProxies: config.trustedProxies,
    metricsToken: config.metricsToken,
    keyDir: config.keyDir,
    migrations: null,
    demo: null,
    ...overrides,
  };
}

/** The configuration the server and the CLI read from the environment (env.ts). */
export function servicesConfigFromEnv(env: Env, db: Pick<DbHandle, 'db' | 'kind'>, secret: Buffer, inProcessState: boolean): ServicesConfig {
  return {
    db,
    secret,
    ssh: { connectTimeoutMs: env.VZFLEET_SSH_CONNECT_TIMEOUT_MS, maxHandshakes: env.VZFLEET_SSH_MAX_HANDSHAKES },
    commandTimeoutMs: env.VZFLEET_SSH_COMMAND_TIMEOUT_MS,
    agentSocket: env.SSH_AUTH_SOCK,
    pollIntervalMs: env.VZFLEET_POLL_INTERVAL_S * 1000,
    fullEvery: env.VZFLEET_FULL_POLL_EVERY,
    historyTiers: parseHistoryTiers(env.VZFLEET_HISTORY_TIERS),
    publicUrl: env.VZFLEET_PUBLIC_URL,
    loginPerMinute: env.VZFLEET_LOGIN_PER_MINUTE,
    trustedProxies: parseTrustedProxies(env.VZFLEET_TRUSTED_PROXIES),
    metricsToken: env.VZFLEET_METRICS_TOKEN,
    keyDir: keyDirFromEnv(env),
    inProcessState,
  };
}
