import type { PlacementLimits } from '@/server/migration/limits';
import { formatCommit } from './migration-format';

/** The limits a move or plan was judged by, with where the promise limit came from. */
export function LimitsLine({ limits }: { limits: PlacementLimits }) {
  return (
    <p className="muted limits" aria-label="Placement limits">
      Limits on a target after a move: memory in use ≤ {formatCommit(limits.memInUse)} of RAM + swap; promised ≤ {formatCommit(limits.memPromise)} (the fleet runs at{' '}
      {formatCommit(limits.fleetPromise)}); CPU guarantees ≤ {formatCommit(limits.cpuGuarantee)} of the node&apos;s power.
    </p>
  );
}
