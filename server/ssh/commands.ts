import { z } from 'zod';

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

export const ctIdSchema = z
  .string()
  .regex(/^(?:[1-9][0-9]{0,9}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, 'a CT id is a number or an OpenVZ 7 UUID');

/** `vzquota stat <ct>`: live quota figures of one CT (needs quota on, i.e. CT running or mounted). */
export function buildVzquotaStat(ctId: string): string {
  return `vzquota stat ${ctIdSchema.parse(ctId)}`;
}

/** Test-connect: proves the login works and tells what kernel the node runs. */
export function buildProbe(): string {
  return 'uname -r';
}
