/**
 * `vzctl start|stop|restart|chkpnt|restore|suspend|resume <ct>` on a simulated node: the messages
 * and exit codes of the real vzctl, and the CT's status changed in the model so the next poll
 * (vzlist, vzctl status) shows it. Sources (github.com/kolyshkin/vzctl): src/vzctl-actions.c
 * (start, stop, restart), src/lib/env.c (vps_start_custom, env_stop, vps_stop), src/lib/cpt.c and
 * src/lib/hooks_vz.c (chkpnt, restore), include/vzerror.h (exit codes). Informational lines go to
 * stdout, errors to stderr, as vzctl's logger does with level 0 and -1.
 */
import type { SimContainer } from '../world/model';
import { fail, type CommandContext, type CommandResult, type OutputChunk } from './types';

/** include/vzerror.h */
export const VZ_CHKPNT_ERROR = 16;
export const VZ_RESTORE_ERROR = 17;
export const VZ_VE_NOT_RUNNING = 31;
export const VZ_VE_RUNNING = 32;

export const VZCTL_ACTIONS = ['start', 'stop', 'restart', 'chkpnt', 'restore', 'suspend', 'resume'] as const;
export type VzctlAction = (typeof VZCTL_ACTIONS)[number];

export function isVzctlAction(word: string): word is VzctlAction {
  return (VZCTL_ACTIONS as readonly string[]).includes(word);
}

class Out {
  readonly chunks: OutputChunk[] = [];
  info(line: string): void {
    this.chunks.push({ fd: 1, data: `${line}\n` });
  }
  error(line: string): void {
    this.chunks.push({ fd: 2, data: `${line}\n` });
  }
  result(code: number): CommandResult {
    return { output: this.chunks, code };
  }
}

/** What vps_start prints on the way up; the root is mounted unless it already was. */
function startLines(out: Out, ct: SimContainer): void {
  out.info('Starting container...');
  if (ct.status !== 'mounted') out.info('Container is mounted');
  if (ct.ips.length > 0) out.info(`Adding IP address(es): ${ct.ips.join(' ')}`);
  out.info(`Setting CPU units: ${ct.cpuunits}`);
  out.info('Container start in progress...');
}

function bringUp(ct: SimContainer): void {
  ct.status = 'running';
  ct.uptimeSec = 0;
}

function start(out: Out, ct: SimContainer, ctx: CommandContext): number {
  if (ct.status === 'running') {
    out.error('Container is already running');
    return VZ_VE_RUNNING;
  }
  // vzctl start tries a restore first when a dump file is there (try_restore in vzctl-actions.c).
  if (ct.status === 'suspended') return restore(out, ct, ctx);
  startLines(out, ct);
  bringUp(ct);
  return 0;
}

/** vps_stop: a CT that is not running is reported, and vzctl 4.x still exits 0. */
function stop(out: Out, ct: SimContainer, fast: boolean): number {
  if (ct.status !== 'running') {
    out.error('Unable to stop: container is not running');
    return 0;
  }
  // --fast skips the clean halt from inside and goes straight to the kill (env_stop, M_KILL).
  out.info(fast ? 'Killing container ...' : 'Stopping container ...');
  out.info('Container was stopped');
  out.info('Container is unmounted');
  ct.status = 'stopped';
  return 0;
}

function cptSupported(ctx: CommandContext): boolean {
  return ctx.model.generation === 'vz7' || (ctx.host?.cptLoaded ?? true);
}

function chkpnt(out: Out, ct: SimContainer, ctx: CommandContext): number {
  if (ct.status !== 'running') {
    out.error('Unable to setup checkpointing: container is not running');
    return VZ_VE_NOT_RUNNING;
  }
  out.info('Setting up checkpoint...');
  if (!cptSupported(ctx)) {
    out.error('Error: No checkpointing support, unable to open /proc/cpt: No such file or directory');
    out.error('Checkpointing failed');
    return VZ_CHKPNT_ERROR;
  }
  out.info('\tsuspend...');
  out.info('\tdump...');
  out.info('\tkill...');
  out.info('Container is unmounted');
  out.info('Checkpointing completed successfully');
  ct.status = 'suspended';
  return 0;
}

function restore(out: Out, ct: SimContainer, ctx: CommandContext): number {
  if (ct.status === 'running') {
    out.error('Unable to perform restore: container already running');
    return VZ_VE_RUNNING;
  }
  out.info('Restoring container ...');
  if (!cptSupported(ctx)) {
    out.error('Error: No checkpointing support, unable to open /proc/rst: No such file or directory');
    return VZ_RESTORE_ERROR;
  }
  if (ct.status !== 'suspended') {
    out.error(`Unable to open /vz/dump/Dump.${ct.ctid}: No such file or directory`);
    return VZ_RESTORE_ERROR;
  }
  out.info('Starting container...');
  out.info('Container is mounted');
  out.info('\tundump...');
  if (ct.ips.length > 0) out.info(`Adding IP address(es): ${ct.ips.join(' ')}`);
  out.info(`Setting CPU units: ${ct.cpuunits}`);
  out.info('\tresume...');
  out.info('Container start in progress...');
  out.info('Restoring completed successfully');
  bringUp(ct);
  return 0;
}

/**
 * One action on a CT vzctlCommand has found (it checked the id). `options` are the words after
 * the id; only `--fast` (stop, restart) and `--wait`/`--force` (start) are known.
 */
export function runVzctlAction(action: VzctlAction, id: string, ct: SimContainer | undefined, options: string[], ctx: CommandContext): CommandResult {
  // No config and no private area: start names the missing area (VZ_FS_NOPRVT), stop finds nothing running.
  if (!ct) return action === 'stop' ? fail(0, 'Unable to stop: container is not running\n') : fail(43, `Container private area /vz/private/${id} does not exist\n`);
  const allowed = action === 'stop' ? ['--fast', '--skip-umount'] : action === 'restart' ? ['--fast', '--wait', '--force'] : action === 'start' ? ['--wait', '--force'] : ['--dumpfile'];
  const unknown = options.find((o) => !allowed.includes(o));
  if (unknown !== undefined) return fail(20, `Invalid option: ${unknown}\n`);
  const fast = options.includes('--fast');
  const out = new Out();
  let code: number;
  switch (action) {
    case 'start':
      code = start(out, ct, ctx);
      break;
    case 'stop':
      code = stop(out, ct, fast);
      break;
    case 'restart':
      out.info('Restarting container');
      code = ct.status === 'running' ? stop(out, ct, fast) : 0;
      if (code === 0) code = start(out, ct, ctx);
      break;
    case 'chkpnt':
    case 'suspend':
      code = chkpnt(out, ct, ctx);
      break;
    case 'restore':
    case 'resume':
      code = restore(out, ct, ctx);
      break;
  }
  return out.result(code);
}
