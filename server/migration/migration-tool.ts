import { isPrlctlMigratePhaseLine, parsePrlctlMigrateLog } from '../openvz/prlctl-migrate-log';
import { isVzmigratePhaseLine, parseVzmigrateLog, type VzmigrateLog } from '../openvz/vzmigrate-log';
import { buildVzmigrate } from '../ssh/commands';
import { buildPrlctlMigrate } from '../ssh/prlctl-migrate-command';
import type { NodeProbe } from './probe';

export type NodeGeneration = 'legacy' | 'vz7';

/**
 * A node's OpenVZ generation from its migration probe: an OpenVZ 7 kernel (`3.10.0-….vz7.…`), or
 * UUID CT ids that only OpenVZ 7 has (as fleet-state.ts reads it). Null when the node did not answer.
 */
export function probeGeneration(probe: Pick<NodeProbe, 'kernel' | 'cts'> | null): NodeGeneration | null {
  if (!probe) return null;
  if (probe.kernel?.includes('vz7') || [...probe.cts.keys()].some((id) => id.includes('-'))) return 'vz7';
  return 'legacy';
}

/** The migration command of one generation and how to read what it prints. */
export interface MigrationTool {
  /** As messages name it: "vzmigrate exited with 6". */
  name: 'vzmigrate' | 'prlctl migrate';
  command(p: { targetHost: string; targetPort: number; ctId: string; online: boolean }): string;
  isPhaseLine(line: string): boolean;
  parseLog(text: string): VzmigrateLog;
  /** Exit status for "the CT is locked by another run", worth retrying; null when the tool has none. */
  lockedExit: number | null;
  /** Prints a freeze (suspended) time after a live move. */
  reportsFreeze: boolean;
}

/** Legacy: the vzmigrate script (its exit 20 = locked, e.g. by a --check-only still running). */
const VZMIGRATE: MigrationTool = {
  name: 'vzmigrate',
  command: (p) => buildVzmigrate(p),
  isPhaseLine: isVzmigratePhaseLine,
  parseLog: parseVzmigrateLog,
  lockedExit: 20,
  reportsFreeze: true,
};

/**
 * OpenVZ 7: prlctl migrate through the dispatcher. It has no offline mode for a running CT (the
 * pre-checks refuse that) and no lock exit of its own worth retrying; it prints no freeze time.
 */
const PRLCTL_MIGRATE: MigrationTool = {
  name: 'prlctl migrate',
  command: (p) => buildPrlctlMigrate(p),
  isPhaseLine: isPrlctlMigratePhaseLine,
  parseLog: parsePrlctlMigrateLog,
  lockedExit: null,
  reportsFreeze: false,
};

/** The tool of the source node's generation (the source runs the command). Unknown → legacy, as before. */
export function migrationToolFor(generation: NodeGeneration | null): MigrationTool {
  return generation === 'vz7' ? PRLCTL_MIGRATE : VZMIGRATE;
}
