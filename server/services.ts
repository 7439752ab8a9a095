import type { DbHandle } from '../db/client';
import type { LatestEntry } from './collector/collect-node';
import type { Collector } from './collector/scheduler';
import type { SshPool } from './ssh/pool';

/** Everything with side effects that procedures and the collector use; passed in, never imported. */
export interface Services {
  db: DbHandle['db'];
  dbKind: DbHandle['kind'];
  ssh: SshPool;
  secret: Buffer;
  agentSocket?: string;
  clock: () => Date;
  commandTimeoutMs: number;
  /** Latest snapshot per node, in memory; absent where no collector runs. */
  latest?: Map<number, LatestEntry>;
  fullEvery?: number;
  /** Null when the poll loop runs elsewhere (VZFLEET_COLLECTOR=off) or in tests. */
  collector: Collector | null;
  /** Set when the built-in simulated fleet is serving the demo nodes. */
  demo: { nodes: number } | null;
}
