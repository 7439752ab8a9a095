/**
 * OpenVZ 7 `prlctl start|stop|restart|suspend|resume <ct>` on a simulated node, with the CT's
 * status changed in the model so the next poll shows it. Messages from github.com/OpenVZ/prlctl
 * src/PrlVm.cpp (PrlVm::start, stop, restart, suspend, resume): "<Verb>ing the CT..." then "The CT
 * has been successfully <verb>ed." or "Failed to <verb> the CT: <dispatcher's reason>"; `--fast`
 * (alias `--kill`, src/CmdParam.cpp) stops with "The CT has been forcibly stopped". prlctl exits
 * with the job's PRL_RESULT, which the shell sees as 255 here (as the rest of the simulated prlctl).
 * The dispatcher's reasons are our own wording: prlctl only passes them through.
 */
import type { SimContainer } from '../world/model';
import { fail, type CommandContext, type CommandResult, type OutputChunk } from './types';

const PRLCTL_ERROR = 255;

export const PRLCTL_ACTIONS = ['start', 'stop', 'restart', 'suspend', 'resume'] as const;
export type PrlctlAction = (typeof PRLCTL_ACTIONS)[number];

export function isPrlctlAction(word: string | undefined): word is PrlctlAction {
  return (PRLCTL_ACTIONS as readonly (string | undefined)[]).includes(word);
}

const PARTICIPLE: Record<PrlctlAction, [string, string]> = {
  start: ['Starting', 'started'],
  stop: ['Stopping', 'stopped'],
  restart: ['Restarting', 'restarted'],
  suspend: ['Suspending', 'suspended'],
  resume: ['Resuming', 'resumed'],
};

/** Why the dispatcher refuses, or null when the action can run from this status. */
function refusal(action: PrlctlAction, ct: SimContainer): string | null {
  switch (action) {
    case 'start':
      return ct.status === 'running' ? 'The CT is already running.' : null;
    case 'stop':
    case 'restart':
    case 'suspend':
      return ct.status === 'running' ? null : 'The CT is not running.';
    case 'resume':
      return ct.status === 'suspended' ? null : 'The CT is not suspended.';
  }
}

function after(action: PrlctlAction, ct: SimContainer): void {
  if (action === 'stop') ct.status = 'stopped';
  else if (action === 'suspend') ct.status = 'suspended';
  else {
    ct.status = 'running';
    if (action !== 'resume') ct.uptimeSec = 0;
  }
}

/** `args` are the words after the action; `ct` is what prlctl's finder made of the first (name, UUID or id). */
export function runPrlctlAction(action: PrlctlAction, args: string[], ct: SimContainer | undefined, _ctx: CommandContext): CommandResult {
  const [id, ...options] = args;
  if (id === undefined) return fail(PRLCTL_ERROR, `Usage: prlctl ${action} <ID | NAME>${action === 'stop' ? ' [--kill | --fast]' : ''}\n`);
  const allowed = action === 'stop' ? ['--fast', '--kill', '--noforce', '--force'] : [];
  const unknown = options.find((o) => !allowed.includes(o));
  if (unknown !== undefined) return fail(PRLCTL_ERROR, `Unrecognized option: ${unknown}\n`);
  if (!ct) return fail(PRLCTL_ERROR, `Failed to get VM config: The virtual machine could not be found.\nUnable to find the CT ${id}\n`);
  const [ing, ed] = PARTICIPLE[action];
  const output: OutputChunk[] = [{ fd: 1, data: `${ing} the CT...\n` }];
  const why = refusal(action, ct);
  if (why) {
    output.push({ fd: 2, data: `Failed to ${action} the CT: ${why}\n` });
    return { output, code: PRLCTL_ERROR };
  }
  const fast = options.includes('--fast') || options.includes('--kill');
  after(action, ct);
  output.push({ fd: 1, data: fast ? 'The CT has been forcibly stopped\n' : `The CT has been successfully ${ed}.\n` });
  return { output, code: 0 };
}
