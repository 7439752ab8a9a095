import type { DbHandle } from '../db/client';
import type { AlarmService } from './alarms/service';
import type { LatestEntry } from './collector/collect-node';
import type { HistoryRecorder } from './collector/history-recorder';
import type { Collector } from './collector/scheduler';
import type { HistoryTier } from './history/tiers';
import type { MigrationDeps } from './migration/deps';
import type { MigrationRunner } from './migration/runner';
import type { SshPool } from './ssh/pool';

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
  /** History tiers (resolution and retention); default 1m:24h,30m:30d,6h:1y. */
  historyTiers?: readonly HistoryTier[];
  history?: HistoryRecorder | null;
  fullEvery?: number;
  /** Null when the poll loop runs elsewhere (VZFLEET_COLLECTOR=off) or in tests. */
  collector: Collector | null;
  /** VZFLEET_PUBLIC_URL: the address people use; https there makes the session cookie Secure. */
  publicUrl?: string;
  /** Sign-in attempts per address per minute (default 5). */
  loginPerMinute?: number;
  /** Live migration jobs (server/migration); absent in processes that run none. */
  migrations?: { runner: MigrationRunner; deps: MigrationDeps } | null;
  /** Alarm evaluation and delivery; present where the collector runs. */
  alarms?: AlarmService | null;
  /** Set when the built-in simulated fleet is serving the demo nodes. */
  demo: { nodes: number } | null;
}
