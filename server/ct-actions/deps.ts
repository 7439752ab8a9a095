import type { CollectorDeps } from '../collector/collect-node';
import type { OutputLimits } from '../node-jobs/bounded-output';

/** What CT actions need; passed in (tests give a real PGlite/Postgres and simulated nodes). */
export interface CtActionDeps extends Pick<CollectorDeps, 'db' | 'ssh' | 'clock' | 'secret' | 'agentSocket' | 'commandTimeoutMs'> {
  /** The collector's latest snapshot per node: dropped for the CT's node so its next poll is a full one. */
  latest?: CollectorDeps['latest'];
  /** This vzfleet instance, recorded on the jobs it runs. */
  owner: string;
  /** Poll this node now (the collector), so pages show the new state without waiting. */
  refreshNodes?: (nodeIds: number[]) => void;
  /** Bounds on what a node may print during an action (default DEFAULT_OUTPUT_LIMITS). */
  outputLimits?: Partial<OutputLimits>;
  /** A job left by an earlier process is called failed once it stays unverifiable this long (default 10 min). */
  reconcileGiveUpMs?: number;
}
