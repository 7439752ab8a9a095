/** The programs installed on the simulated node, by name and by full path. */
import type { CommandHandler } from './types';
import { catCommand, hostnameCommand, idCommand, unameCommand, whoamiCommand } from './system';
import { vzcpucheckCommand, vzctlCommand, vzmemcheckCommand, vzquotaCommand } from './vz';
import { vzlistCommand } from './vzlist';

interface Program {
  path: string;
  run: CommandHandler;
}

const PROGRAMS: Record<string, Program> = {
  cat: { path: '/bin/cat', run: catCommand },
  uname: { path: '/bin/uname', run: unameCommand },
  hostname: { path: '/bin/hostname', run: hostnameCommand },
  whoami: { path: '/usr/bin/whoami', run: whoamiCommand },
  id: { path: '/usr/bin/id', run: idCommand },
  vzlist: { path: '/usr/sbin/vzlist', run: vzlistCommand },
  vzctl: { path: '/usr/sbin/vzctl', run: vzctlCommand },
  vzquota: { path: '/usr/sbin/vzquota', run: vzquotaCommand },
  vzcpucheck: { path: '/usr/sbin/vzcpucheck', run: vzcpucheckCommand },
  vzmemcheck: { path: '/usr/sbin/vzmemcheck', run: vzmemcheckCommand },
};

const BY_PATH = new Map(Object.values(PROGRAMS).map((p) => [p.path, p]));

/** A program by bare name (looked up in PATH) or by absolute path. */
export function findProgram(name: string): Program | undefined {
  return name.includes('/') ? BY_PATH.get(name) : PROGRAMS[name];
}

export type { CommandContext, CommandResult, OutputChunk, SimFault } from './types';
export { SIM_FAULTS } from './types';
