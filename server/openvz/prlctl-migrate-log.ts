import { isBlank, splitNonEmpty } from './tool-text';
import type { VzmigrateLog, VzmigratePhase } from './vzmigrate-log';

/**
 * OpenVZ 7 `prlctl migrate <ct> <dst> [--ssh …] [-v 1]` transcript (stdout+stderr) → the same
 * log shape as the legacy vzmigrate (phases with their output, errors, warnings), so a job's
 * progress and outcome are decided the same way for both generations (docs/openvz/FORMATS.md §16).
 *
 * prlctl prints little: its start line, `Migration started.`/`finished.` with `-v 1`, the
 * dispatcher's stage names only on a terminal, and one result line. It never prints a freeze
 * time, so `suspendedTime` is always null.
 */
export interface PrlctlMigrateLog extends VzmigrateLog {
  /** `CT` or `VM`, as prlctl names the environment; null before the start line. */
  vmType: 'CT' | 'VM' | null;
  /** "The CT has been successfully migrated." was printed. */
  reportedSuccess: boolean;
}

// prlctl PrlVm::migrate: `Migrate the %s %s on %s %s (%s)` — type, name, dst server, dst name
// (empty unless `dst/NAME`), dst path (empty unless --dst): `Migrate the CT 101 on dst  ()`.
const START = /^Migrate the (CT|VM) (.+) on (\S+) (\S*) ?\((.*)\)$/;
/** Printed with `-v 1` (prl_log L_INFO in migrate_event_handler). */
const EVENTS = /^Migration (started|finished)\.$|^Migration cancelled!$/;
/** vzmigrate's reportStage() names, shown by print_vz_progress when stdout is a terminal. */
const STAGES = /^(Checking preconditions|Copying static data|Live migration stage started|Warm migration stage started)$/;
const DONE = /^The (CT|VM) has been successfully migrated\.$/;
const FAILED = /^Failed to migrate the (?:CT|VM): (.*)$/;
/** Other one-line refusals: login to the target's dispatcher, the CT's config, the arguments. */
const REFUSED = /^(Login failed: .*|Failed to get VM config: .*|Incorrect migrate usage\.|Unrecognized option: .*|An incorrect value .*|The --\S+ option .*)$/;
const WARNING = /^(SSH public key authentication failed: .*|Public key auth failed: .*)$/;

/** A line that marks progress, for showing a running `prlctl migrate` line by line. */
export function isPrlctlMigratePhaseLine(line: string): boolean {
  return START.test(line) || EVENTS.test(line) || STAGES.test(line) || DONE.test(line);
}

export function parsePrlctlMigrateLog(text: string): PrlctlMigrateLog {
  const preamble: VzmigratePhase = { name: '', steps: [], output: [] };
  const log: PrlctlMigrateLog = {
    ctId: null, destination: null, mode: null, preamble, phases: [], errors: [], error: null, warnings: [], suspendedTime: null,
    vmType: null, reportedSuccess: false,
  };
  let current = preamble;
  for (const line of splitNonEmpty('prlctl', text)) {
    // A carriage return (prlctl's progress redraw on a terminal, or CRLF) is refused by splitLines,
    // as for every tool: vzfleet runs prlctl without a terminal, where it prints no progress bar.
    const t = line.text;
    if (isBlank(line)) continue;
    const start = START.exec(t);
    const failed = FAILED.exec(t);
    if (start) {
      log.vmType = start[1] as 'CT' | 'VM';
      log.ctId = start[2]!;
      log.destination = start[3]!;
    } else if (failed) {
      log.errors.push(failed[1]!.trim());
      continue;
    } else if (REFUSED.test(t)) {
      log.errors.push(t);
      continue;
    } else if (WARNING.test(t)) {
      log.warnings.push(t);
      continue;
    }
    if (/^Live migration stage started$/.test(t)) log.mode = 'live';
    else if (/^Warm migration stage started$/.test(t)) log.mode = 'offline';
    if (DONE.test(t)) log.reportedSuccess = true;
    if (isPrlctlMigratePhaseLine(t)) {
      current = { name: t, steps: [], output: [] };
      log.phases.push(current);
    } else current.output.push(t);
  }
  log.error = log.errors[log.errors.length - 1] ?? null;
  return log;
}
