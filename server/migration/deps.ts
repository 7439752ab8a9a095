import type { Db } from '../../db/client';
import type { LatestEntry } from '../collector/collect-node';
import type { SshPool } from '../ssh/pool';
import type { Thresholds } from './model';

/** What migration orchestration needs; passed in (tests give a real PGlite/Postgres and simulated nodes). */
export interface MigrationDeps {
  db: Db;
  ssh: SshPool;
  clock: () => Date;
  secret: Buffer;
  agentSocket?: string;
  commandTimeoutMs: number;
  /** The collector's latest snapshot per node: the figures the planner works from. */
  latest?: Map<number, LatestEntry>;
  thresholds: Thresholds;
  /** Jobs running at once with the same node as source or target. */
  perNodeLimit: number;
  /** This vzfleet instance, recorded on the jobs it runs. */
  owner: string;
  /** Poll these nodes now (the collector), so pages show the move without waiting. */
  refreshNodes?: (nodeIds: number[]) => void;
}
