import { z } from 'zod';
import { ctIdSchema } from '../../vocabulary/ct-id';

/**
 * Every command vzfleet ever sends to a hardware node is built here, from fixed templates.
 * Parameters are validated before anything is built: nothing a user typed reaches a shell string
 * unchecked (CT ids are integers or OpenVZ 7 UUIDs, host names are checked).
 */

/** Marks the start of a section in the collect script's output. Chosen so no OpenVZ tool prints it. */
export const SECTION_MARK = '@@vzfleet';

/** Fields the collector asks vzlist for. `ip` is last: it may hold several space-separated addresses. */
export const VZLIST_FIELDS = [
  'ctid',
  'status',
  'hostname',
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

/** The cheap reads, every poll: beancounters move by the second, and the running set with them. */
export const FAST_SECTIONS = ['beancounters', 'vzstatus'] as const;
/** The slow-changing figures (quotas, config, CPU power, node memory), read every few polls. */
export const FULL_SECTIONS = ['beancounters', 'vzlist', 'vzcpucheck', 'meminfo'] as const;
export const COLLECT_SECTIONS = ['beancounters', 'vzstatus', 'vzlist', 'vzcpucheck', 'meminfo'] as const;
export type CollectSection = (typeof COLLECT_SECTIONS)[number];

export const VZSTATUS_FIELDS = ['ctid', 'status'] as const;

const sectionCommands: Record<CollectSection, string> = {
  beancounters: 'cat /proc/user_beancounters',
  vzstatus: `vzlist -a -H -o ${VZSTATUS_FIELDS.join(',')}`,
  vzlist: `vzlist -a -H -o ${VZLIST_FIELDS.join(',')}`,
  vzcpucheck: 'vzcpucheck -v',
  meminfo: 'cat /proc/meminfo',
};

/**
 * One exec per poll: every read runs in one shell, each preceded by a start marker and followed by
 * its exit code, so one failing tool does not hide the others' output.
 *   @@vzfleet begin beancounters
 *   ...output...
 *   @@vzfleet end beancounters 0
 */
export function buildCollectScript(opts: { full: boolean } = { full: true }): string {
  return (opts.full ? FULL_SECTIONS : FAST_SECTIONS).map(
    (s) => `echo '${SECTION_MARK} begin ${s}'; ${sectionCommands[s]}; echo "${SECTION_MARK} end ${s} $?"`,
  ).join('; ');
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

export function buildMigrationProbe(): string {
  return MIGRATION_PROBE_SECTIONS.map((s) => `echo '${SECTION_MARK} begin ${s}'; ${probeCommands[s]}; echo "${SECTION_MARK} end ${s} $?"`).join('; ');
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
