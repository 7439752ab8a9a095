import { isBlank, parseDecimal, splitNonEmpty } from './tool-text';

/**
 * Legacy `vzmigrate [-v] [-t]` transcript (stdout+stderr) → progress phases, sub-steps, errors
 * and the suspended-time breakdown (docs/openvz/FORMATS.md §12). Command output interleaved by -v is kept
 * with the phase it appeared in; nothing is dropped.
 */
export interface VzmigratePhase {
  /** The top-level message, e.g. "Syncing private". */
  name: string;
  /** `-v` sub-steps (indented by three spaces), e.g. "Dumping container". */
  steps: string[];
  /** Any other line printed while this phase ran (rsync, ssh, cat …). */
  output: string[];
}

export interface VzmigrateLog {
  ctId: string | null;
  destination: string | null;
  mode: 'live' | 'offline' | 'check' | null;
  /** Lines before the first phase ("Loading /etc/vz/vz.conf" …). */
  preamble: VzmigratePhase;
  phases: VzmigratePhase[];
  /** `Error: …` lines without the prefix; the last one is what made vzmigrate exit. */
  errors: string[];
  error: string | null;
  warnings: string[];
  /** Printed with -t or -v after a live migration. */
  suspendedTime: { steps: { label: string; seconds: number }[]; totalSeconds: number | null } | null;
}

// vzctl before 3.0.11-3 said "VPS", then "VE" until 3.0.22 (both "… on <host>"), 3.0.23+ "CT … to
// <host>", 4.0+ "live" for "online" (kolyshkin/vzctl bin/vzmigrate.in; docs/openvz/FORMATS.md §12).
const CT_WORD = '(?:CT|VE|VPS)';
const PHASES: RegExp[] = [
  /^Locked CT \S+$/,
  new RegExp(`^Starting (?:live |online )?migration of ${CT_WORD} \\S+ (?:to|on) \\S+$`),
  /^Checking live migration of CT \S+ to \S+$/,
  /^Preparing remote node$/,
  /^Initializing remote quota$/,
  /^Syncing private$/,
  /^Live migrating (?:container\.\.\.|VE|VPS)$/,
  /^Syncing 2nd level quota$/,
  /^Stopping (?:container|VE|VPS)$/,
  /^Copying top ploop delta with CT (?:stop|suspend)$/,
  /^Unmounting container$/,
  /^Starting (?:container|VE|VPS)$/,
  /^Mounting container$/,
  /^Turning quota off$/,
  /^Cleaning up$/,
  /^Cleanup$/,
];
const WARNING = /^(Warning: .*|skipping CPT version and CPU caps checks|Ignoring the above error.*)$/;
/** 4.x: `  <label R20>:   1.21`; 3.0.x (`echo -e`): `    \t<label>:\t 1.21034` and `Total time: 4.33`. */
const TIMING = /^\s+([A-Za-z0-9][A-Za-z0-9 +.]*?):\s+(\d+\.\d+)$/;
const TOTAL_LABELS = new Set(['Total suspended time', 'Total time']);

/** A top-level progress message of vzmigrate ("Syncing private"), for showing progress line by line. */
export function isVzmigratePhaseLine(line: string): boolean {
  return PHASES.some((re) => re.test(line));
}

function readStart(log: VzmigrateLog, text: string): void {
  const start = /^(Starting|Checking) (live |online )?migration of (?:CT|VE|VPS) (\S+) (?:to|on) (\S+)$/.exec(text);
  if (start) {
    log.ctId = start[3]!;
    log.destination = start[4]!;
    log.mode = start[1] === 'Checking' ? 'check' : start[2] ? 'live' : 'offline';
  }
  const locked = /^Locked CT (\S+)$/.exec(text);
  if (locked) log.ctId = locked[1]!;
}

export function parseVzmigrateLog(text: string): VzmigrateLog {
  const preamble: VzmigratePhase = { name: '', steps: [], output: [] };
  const log: VzmigrateLog = {
    ctId: null, destination: null, mode: null, preamble, phases: [], errors: [], error: null, warnings: [], suspendedTime: null,
  };
  let current = preamble;
  for (const line of splitNonEmpty('vzmigrate', text)) {
    const t = line.text;
    const timing = TIMING.exec(t);
    if (isBlank(line) || /^\s+-{6}$/.test(t)) continue;
    if (timing) {
      const seconds = parseDecimal(line, timing[2]!, timing[1]!);
      log.suspendedTime ??= { steps: [], totalSeconds: null };
      if (TOTAL_LABELS.has(timing[1]!)) log.suspendedTime.totalSeconds = seconds;
      else log.suspendedTime.steps.push({ label: timing[1]!, seconds });
    } else if (t.startsWith('Error: ')) log.errors.push(t.slice('Error: '.length).trim()); // 3.0.x printed "Error:  " (two spaces)
    else if (WARNING.test(t)) log.warnings.push(t);
    else if (PHASES.some((re) => re.test(t))) {
      readStart(log, t);
      current = { name: t, steps: [], output: [] };
      log.phases.push(current);
    } else if (/^ {3} ?\S/.test(t)) current.steps.push(t.trim()); // 3.0.x indented -v steps by four spaces
    else current.output.push(t);
  }
  log.error = log.errors[log.errors.length - 1] ?? null;
  return log;
}
