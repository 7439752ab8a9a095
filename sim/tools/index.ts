/** The programs installed on the simulated node, by name and by full path. */
import type { Generation, SimNodeModel } from '../world/model';
import { fail, type AnyCommandHandler } from './types';
import { dateCommand, sleepCommand } from './clock';
import { vzmigrateCommand } from './vzmigrate';
import { prlctlCommand, vznetstatCommand } from './prlctl';
import { catCommand, hostnameCommand, idCommand, trCommand, unameCommand, whoamiCommand } from './system';
import { vzcpucheckCommand, vzctlCommand, vzmemcheckCommand, vzquotaCommand } from './vz';
import { vzlistCommand } from './vzlist';
import { dfCommand } from './storage';
import { vzpsCommand } from './vzps';
import { sshCommand } from './ssh-client';

interface Program {
  path: string;
  /** Answers at once (CommandResult) or over time (StreamingCommand: vzmigrate, sleep). */
  run: AnyCommandHandler;
  /** Installed only on nodes of these generations (default: every node). */
  generations?: readonly Generation[];
}

const LEGACY_ONLY: readonly Generation[] = ['legacy'];
const VZ7_ONLY: readonly Generation[] = ['vz7'];

const PROGRAMS: Record<string, Program> = {
  cat: { path: '/bin/cat', run: catCommand },
  tr: { path: '/usr/bin/tr', run: trCommand },
  uname: { path: '/bin/uname', run: unameCommand },
  hostname: { path: '/bin/hostname', run: hostnameCommand },
  whoami: { path: '/usr/bin/whoami', run: whoamiCommand },
  id: { path: '/usr/bin/id', run: idCommand },
  vzlist: { path: '/usr/sbin/vzlist', run: vzlistCommand },
  vzctl: { path: '/usr/sbin/vzctl', run: vzctlCommand },
  vzquota: { path: '/usr/sbin/vzquota', run: vzquotaCommand, generations: LEGACY_ONLY },
  vzcpucheck: { path: '/usr/sbin/vzcpucheck', run: vzcpucheckCommand },
  vzmemcheck: { path: '/usr/sbin/vzmemcheck', run: vzmemcheckCommand, generations: LEGACY_ONLY },
  prlctl: { path: '/usr/bin/prlctl', run: prlctlCommand, generations: VZ7_ONLY },
  vznetstat: { path: '/usr/sbin/vznetstat', run: vznetstatCommand, generations: VZ7_ONLY },
  vzmigrate: { path: '/usr/sbin/vzmigrate', run: vzmigrateCommand },
  vzps: { path: '/usr/sbin/vzps', run: vzpsCommand },
  df: { path: '/bin/df', run: dfCommand },
  ssh: { path: '/usr/bin/ssh', run: sshCommand },
  date: { path: '/bin/date', run: dateCommand },
  sleep: { path: '/bin/sleep', run: sleepCommand },
};

const BY_PATH = new Map(Object.values(PROGRAMS).map((p) => [p.path, p]));

/**
 * A program by bare name (looked up in PATH) or by absolute path. Some exist only on one OpenVZ
 * generation (vzquota/vzmemcheck on legacy, prlctl/vznetstat on OpenVZ 7): given the node's model
 * they are simply not found elsewhere; without it, running one there answers as the shell would
 * (`sh: vzmemcheck: command not found`, exit 127).
 */
export function findProgram(name: string, model?: SimNodeModel): Program | undefined {
  const program = name.includes('/') ? BY_PATH.get(name) : PROGRAMS[name];
  const only = program?.generations;
  if (!program || !only) return program;
  if (model) return only.includes(model.generation) ? program : undefined;
  const why = name.includes('/') ? 'No such file or directory' : 'command not found';
  return {
    path: program.path,
    run: (args, ctx) => (only.includes(ctx.model.generation) ? program.run(args, ctx) : fail(127, `sh: ${name}: ${why}\n`)),
  };
}

export type { CommandContext, CommandResult, OutputChunk, SimFault } from './types';
export { SIM_FAULTS } from './types';
