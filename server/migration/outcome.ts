import type { MigrationStatus } from '../../vocabulary/migration-status';
import type { VzmigrateLog } from '../openvz/vzmigrate-log';
import type { NodeProbe } from './probe';

export interface OutcomeInput {
  ctId: string;
  sourceName: string;
  targetName: string;
  online: boolean;
  /** vzmigrate's exit code; null when the session ended without one (cancel, lost connection, restart). */
  code: number | null;
  cancelled: boolean;
  log: VzmigrateLog | null;
  /** vzlist of both nodes after the end, or null when a node did not answer. */
  source: Pick<NodeProbe, 'cts'> | null;
  target: Pick<NodeProbe, 'cts'> | null;
  /** The CT ran before the migration (offline moves of stopped CTs leave it stopped). */
  wasRunning: boolean;
  /** A vzmigrate still holds the CT's lock on the source (an orphaned run goes on). */
  lockedOnSource?: boolean;
  /** The command that ran (migration-tool.ts); default the legacy vzmigrate, which prints a freeze time. */
  tool?: { name: string; reportsFreeze: boolean };
}

export interface Outcome {
  status: Extract<MigrationStatus, 'succeeded' | 'succeeded-with-warnings' | 'failed' | 'cancelled' | 'reconciling'>;
  error: string | null;
  warnings: string[];
  freezeSeconds: number | null;
  /** Where the CT was found, for the log. */
  verified: string;
}

/**
 * How a job ended, decided from where the CT really is (vzlist on both nodes), not from the exit
 * code alone. Undecidable (a node silent, the CT on both or neither) → `reconciling`: ask again.
 */
export function decideOutcome(i: OutcomeInput): Outcome {
  const tool = i.tool ?? { name: 'vzmigrate', reportsFreeze: true };
  const freezeSeconds = i.log?.suspendedTime?.totalSeconds ?? null;
  const warnings = [...(i.log?.warnings ?? [])];
  if (!i.source || !i.target) {
    return { status: 'reconciling', error: null, warnings, freezeSeconds, verified: `cannot verify: ${!i.source ? i.sourceName : i.targetName} did not answer` };
  }
  const onSource = i.source.cts.get(i.ctId) ?? null;
  const onTarget = i.target.cts.get(i.ctId) ?? null;
  if (onTarget !== null && onSource === null) {
    const verified = `CT ${i.ctId} is on ${i.targetName}, ${onTarget} (verified with vzlist)`;
    if (i.cancelled) warnings.push('the cancel came too late: the migration had completed');
    if (i.code === null && !i.cancelled) warnings.push(`vzfleet lost the session before ${tool.name} ended (restart or dropped connection); the freeze time was not measured`);
    if (i.code !== null && i.code !== 0) warnings.push(`${tool.name} exited with ${i.code} after the CT had moved`);
    if (tool.reportsFreeze && i.online && i.code === 0 && freezeSeconds === null) warnings.push(`${tool.name} printed no suspended time`);
    if (i.wasRunning && onTarget !== 'running') warnings.push(`CT is ${onTarget} on ${i.targetName}, not running`);
    return { status: warnings.length > 0 ? 'succeeded-with-warnings' : 'succeeded', error: null, warnings, freezeSeconds, verified };
  }
  if (onSource !== null && onTarget === null && i.lockedOnSource) {
    return { status: 'reconciling', error: null, warnings, freezeSeconds, verified: `a vzmigrate of CT ${i.ctId} is still running on ${i.sourceName}` };
  }
  // vzmigrate refused with an exit code and the CT is still on the source: failed, whatever the
  // target holds (a CT of that id that was there before, e.g. exit 9, or an area it cleans up).
  const refused = i.code !== null && i.code !== 0 && !i.cancelled;
  if (onSource !== null && (onTarget === null || refused)) {
    const verified = `CT ${i.ctId} is still on ${i.sourceName}, ${onSource} (verified with vzlist)`;
    if (i.wasRunning && onSource !== 'running') warnings.push(`CT is ${onSource} on ${i.sourceName}, not running: needs attention`);
    if (i.cancelled) return { status: 'cancelled', error: null, warnings, freezeSeconds: null, verified };
    const error =
      i.code === 0 ? `${tool.name} reported success but the CT is still on the source`
      : (i.log?.errors.length ? i.log.errors.join(' — ') : (i.code === null ? `vzfleet lost the session before ${tool.name} ended (restart or dropped connection)` : `${tool.name} exited with ${i.code}`));
    return { status: 'failed', error, warnings, freezeSeconds: null, verified };
  }
  return {
    status: 'reconciling',
    error: null,
    warnings,
    freezeSeconds,
    verified: onSource && onTarget ? `CT ${i.ctId} is on both nodes (${tool.name} may still be cleaning up)` : `CT ${i.ctId} is on neither node`,
  };
}
