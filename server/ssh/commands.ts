import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ctIdSchema } from '../../vocabulary/ct-id';

/**
 * Every command vzfleet ever sends to a hardware node is built here, from fixed templates.
 * Parameters are validated before anything is built: nothing a user typed reaches a shell string
 * unchecked (CT ids are integers or OpenVZ 7 UUIDs, host names are checked).
 */

/** Prefix of every section marker line. Chosen so no OpenVZ tool prints it. */
export const SECTION_MARK = '@@vzfleet';

/**
 * A fresh random token per exec, carried in every marker of that exec (`@@vzfleet:<32 hex>`): a
 * container's hostname or description reaches vzlist's output, and without the token it could
 * print a marker line that closes or forges a section. Nobody on the node can guess the next one.
 */
export const sectionTokenSchema = z.string().regex(/^[0-9a-f]{32}$/, 'a section token is 32 lowercase hex digits');

export function newSectionToken(): string {
  return randomBytes(16).toString('hex');
}

/** The marker prefix of one exec: `@@vzfleet:<token>`. */
export function sectionMarker(token: string): string {
  return `${SECTION_MARK}:${sectionTokenSchema.parse(token)}`;
}

/** One section in a script: start marker, the command, end marker with the command's exit code. */
function sectioned(mark: string, name: string, command: string): string {
  return `echo '${mark} begin ${name}'; ${command}; echo "${mark} end ${name} $?"`;
}

/**
 * How a node's vzlist is read: `json` (`vzlist -j`, vzctl ≥ 4.0 and OpenVZ 7's vzctl ≥ 7.0.180)
 * or `table` (older vzctl: structured fields in one call, each free-text field in a call of its
 * own as the last column, so spaces and odd bytes stay recoverable). Probed once per node.
 */
export type VzlistForm = 'json' | 'table';

/** Structured fields of the table form. `ip` is last: it may hold several space-separated addresses. */
export const VZLIST_FIELDS = [
  'ctid',
  'status',
  'ostemplate',
  'cpuunits',
  'cpulimit',
  'diskspace',
  'diskspace.s',
  'diskspace.h',
  'diskinodes',
  'diskinodes.s',
  'diskinodes.h',
  'ip',
] as const;

/** What a container's owner controls: read byte-exact, never able to shift another column. */
export const VZLIST_TEXT_FIELDS = ['hostname', 'name', 'description'] as const;
export type VzlistTextField = (typeof VZLIST_TEXT_FIELDS)[number];

/** The json form's -o list (-j takes no `.s`/`.h` suffixes; diskspace is an object there). */
export const VZLIST_JSON_FIELDS = ['ctid', 'status', 'ostemplate', 'cpuunits', 'cpulimit', 'diskspace', 'diskinodes', 'ip', ...VZLIST_TEXT_FIELDS] as const;

/** The cheap reads, every poll: beancounters move by the second, and the running set with them. */
export const FAST_SECTIONS = ['beancounters', 'vzstatus'] as const;
/** The slow-changing figures (quotas, config, CPU power, node memory), read every few polls. */
export const FULL_SECTIONS = ['beancounters', 'vzlist', 'vzcpucheck', 'meminfo'] as const;
/** The table form's extra sections, one per free-text field. */
export const VZLIST_TEXT_SECTIONS = ['vzlist-hostname', 'vzlist-name', 'vzlist-description'] as const;
export const COLLECT_SECTIONS = ['beancounters', 'vzstatus', 'vzlist', ...VZLIST_TEXT_SECTIONS, 'vzcpucheck', 'meminfo'] as const;
export type CollectSection = (typeof COLLECT_SECTIONS)[number];

export const VZSTATUS_FIELDS = ['ctid', 'status'] as const;

const sectionCommands: Record<CollectSection, string> = {
  beancounters: 'cat /proc/user_beancounters',
  vzstatus: `vzlist -a -H -o ${VZSTATUS_FIELDS.join(',')}`,
  vzlist: `vzlist -a -H -o ${VZLIST_FIELDS.join(',')}`,
  'vzlist-hostname': 'vzlist -a -H -o ctid,hostname',
  'vzlist-name': 'vzlist -a -H -o ctid,name',
  'vzlist-description': 'vzlist -a -H -o ctid,description',
  vzcpucheck: 'vzcpucheck -v',
  meminfo: 'cat /proc/meminfo',
};
const VZLIST_JSON_COMMAND = `vzlist -a -j -o ${VZLIST_JSON_FIELDS.join(',')}`;

/** The command that reads one section, in the node's vzlist form. */
function sectionCommand(section: CollectSection, opts: { vzlistForm?: VzlistForm }): string {
  return section === 'vzlist' && opts.vzlistForm !== 'table' ? VZLIST_JSON_COMMAND : sectionCommands[section];
}

function sectionsOf(opts: { full: boolean; vzlistForm?: VzlistForm }): readonly CollectSection[] {
  if (!opts.full) return FAST_SECTIONS;
  if (opts.vzlistForm !== 'table') return FULL_SECTIONS;
  return ['beancounters', 'vzlist', ...VZLIST_TEXT_SECTIONS, 'vzcpucheck', 'meminfo'];
}

/** Does this node's vzlist know -j? Exit 0 and a JSON array means yes; vzctl 3.x exits 1 with usage. */
export function buildVzlistJsonProbe(): string {
  return 'vzlist -a -j -o ctid';
}

/**
 * The reads of one poll in one shell (one exec, or one answer of the collect loop below), each
 * preceded by a start marker and followed by its exit code, so one failing tool does not hide the
 * others' output.
 *   @@vzfleet:<token> begin beancounters
 *   ...output...
 *   @@vzfleet:<token> end beancounters 0
 * `token` comes from newSectionToken(), fresh for every poll.
 */
export function buildCollectScript(opts: { full: boolean; token: string; vzlistForm?: VzlistForm }): string {
  return collectScriptTemplate(opts, sectionMarker(opts.token));
}

/**
 * The collect script with `mark` as the marker, unchecked: for the forced-command wrapper, which
 * splices a placeholder in and checks the token itself (forced-command.ts).
 */
export function collectScriptTemplate(opts: { full: boolean; vzlistForm?: VzlistForm }, mark: string): string {
  return sectionsOf(opts).map((s) => sectioned(mark, s, sectionCommand(s, opts))).join('; ');
}

/**
 * What one request on the collect loop asks for: the fast read, or the full one in the node's
 * vzlist form.
 */
export const COLLECT_KINDS = ['fast', 'full', 'full-table'] as const;
export type CollectKind = (typeof COLLECT_KINDS)[number];

export function collectKindOf(opts: { full: boolean; vzlistForm?: VzlistForm }): CollectKind {
  return !opts.full ? 'fast' : opts.vzlistForm === 'table' ? 'full-table' : 'full';
}

export function collectOptsOf(kind: CollectKind): { full: boolean; vzlistForm?: VzlistForm } {
  return kind === 'fast' ? { full: false } : { full: true, vzlistForm: kind === 'full-table' ? 'table' : 'json' };
}

/**
 * The collect loop: ONE exec per connection that answers a request line per poll, instead of a
 * channel per poll. A channel's open, exec request, exit status and close cost the collector more
 * CPU than the ~150 kB of beancounters it carries (bench/collector). The script is fixed: the
 * request `<kind> <token>\n` is checked on the node (kind from COLLECT_KINDS, token 32 lowercase hex
 * digits, anything else ends the loop), and the answer is exactly what buildCollectScript prints
 * for that kind and token, then `@@vzfleet:<token> done` on stdout and on stderr: SSH carries the
 * two streams apart, and a tool's warning on stderr belongs to this answer, so the answer is over
 * only when both have ended. stderr also opens with `@@vzfleet:<token> start`: what comes before it
 * in the first answer is the shell's own start-up (a profile's warning), not the tools'. Tools read /dev/null, so none can swallow the next request. EOF on
 * stdin (the collector closed the channel) ends the loop.
 */
export function buildCollectLoop(): string {
  const body = (kind: CollectKind) => {
    const opts = collectOptsOf(kind);
    return sectionsOf(opts)
      .map((s) => `echo "$m begin ${s}"; ${sectionCommand(s, opts)} </dev/null; echo "$m end ${s} $?"`)
      .join('; ');
  };
  return [
    "while IFS=' ' read -r kind token; do",
    'case "$token" in *[!0123456789abcdef]*) exit 2 ;; esac;',
    '[ "${#token}" -eq 32 ] || exit 2;',
    `m="${SECTION_MARK}:$token";`,
    'echo "$m start" >&2;',
    'case "$kind" in',
    ...COLLECT_KINDS.map((k) => `${k}) ${body(k)} ;;`),
    '*) exit 2 ;;',
    'esac;',
    'echo "$m done"; echo "$m done" >&2;',
    'done',
  ].join(' ');
}

/** One request line on the collect loop; `token` from newSectionToken(), fresh per poll. */
export function collectLoopRequest(kind: CollectKind, token: string): string {
  return `${kind} ${sectionTokenSchema.parse(token)}\n`;
}

/** The line that ends an answer on the collect loop (without its newline). */
export function collectLoopDoneLine(token: string): string {
  return `${sectionMarker(token)} done`;
}

/** The line that opens an answer's stderr on the collect loop (without its newline). */
export function collectLoopStartLine(token: string): string {
  return `${sectionMarker(token)} start`;
}

/** A request line as the loop on the node reads it (for the simulator); null ends the loop. */
export function parseCollectLoopRequest(line: string): { kind: CollectKind; token: string } | null {
  const m = /^([a-z-]+) ([0-9a-f]{32})$/.exec(line);
  const kind = COLLECT_KINDS.find((k) => k === m?.[1]);
  return m && kind ? { kind, token: m[2]! } : null;
}

/** `vzquota stat <ct>`: live quota figures of one CT (needs quota on, i.e. CT running or mounted). */
export function buildVzquotaStat(ctId: string): string {
  return `vzquota stat ${ctIdSchema.parse(ctId)}`;
}

/** Test-connect: proves the login works and tells what kernel the node runs. */
export function buildProbe(): string {
  return 'uname -r';
}

/** A host name or address another node is reached by: letters, digits, dots, dashes, colons (IPv6). */
export const migrationHostSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(?!-)[A-Za-z0-9.:-]+$/, 'a host is a name or an address');

/** What a migration pre-check reads on a node, in one exec (sections as in the collect script). */
export const MIGRATION_PROBE_SECTIONS = ['df', 'modules', 'kernel', 'vzlist'] as const;
export type MigrationProbeSection = (typeof MIGRATION_PROBE_SECTIONS)[number];
const probeCommands: Record<MigrationProbeSection, string> = {
  df: 'df -P -k /vz',
  modules: 'cat /proc/modules',
  kernel: 'uname -r',
  vzlist: `vzlist -a -H -o ${VZSTATUS_FIELDS.join(',')}`,
};

/** Same marker scheme as the collect script: `token` from newSectionToken(), fresh per probe. */
export function buildMigrationProbe(token: string): string {
  const mark = sectionMarker(token);
  return MIGRATION_PROBE_SECTIONS.map((s) => sectioned(mark, s, probeCommands[s])).join('; ');
}

export interface VzmigrateParams {
  /** How the source node reaches the target (the target's inventory address). */
  targetHost: string;
  /** The target's SSH port; passed with --ssh only when it is not 22. */
  targetPort: number;
  ctId: string;
  online: boolean;
  /** `--check-only`: the script's own preliminary checks (SSH to the target, CPT modules, CT id free, IPs). */
  checkOnly?: boolean;
}

/**
 * The one migration command template: `vzmigrate [--online] -v -t [--check-only] [--ssh="-p N"] <target> <ct>`.
 * Every parameter is validated first; the port is an integer, so the quoted --ssh value holds no user text.
 */
export function buildVzmigrate(p: VzmigrateParams): string {
  const host = migrationHostSchema.parse(p.targetHost);
  const ct = ctIdSchema.parse(p.ctId);
  const port = z.number().int().min(1).max(65535).parse(p.targetPort);
  return ['vzmigrate', p.online ? '--online' : null, '-v', '-t', p.checkOnly ? '--check-only' : null, port !== 22 ? `--ssh="-p ${port}"` : null, host, ct]
    .filter((x): x is string => x !== null)
    .join(' ');
}
