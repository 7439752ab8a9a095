import type { CollectorDeps } from '../collector/collect-node';
import type { OutputLimits } from '../node-jobs/bounded-output';
import type { Thresholds } from './model';

/** What migration orchestration needs; passed in (tests give a real PGlite/Postgres and simulated nodes). */
export interface MigrationDeps extends Pick<CollectorDeps, 'db' | 'ssh' | 'clock' | 'secret' | 'agentSocket' | 'commandTimeoutMs'> {
  /** The collector's latest snapshot per node: the figures the planner works from. */
  latest?: CollectorDeps['latest'];
  thresholds: Thresholds;
  /** Jobs running at once with the same node as source or target. */
  perNodeLimit: number;
  /** This vzfleet instance, recorded on the jobs it runs. */
  owner: string;
  /** Poll these nodes now (the collector), so pages show the move without waiting. */
  refreshNodes?: (nodeIds: number[]) => void;
  /**
   * Polls one node now and settles when its snapshot is in `latest` (the collector's collectNow).
   * The planner asks for it when a node has no snapshot, as right after a move: without figures a
   * node is no target, and "Suggest moves" just after an evacuation found no place to go.
   */
  collectNow?: (nodeId: number) => Promise<unknown>;
  /** Bounds on what a node may print during a migration (default DEFAULT_OUTPUT_LIMITS). */
  outputLimits?: Partial<OutputLimits>;
}
