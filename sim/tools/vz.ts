/** vzcpucheck, vzmemcheck, vzquota and vzctl (status, exec, --version): arguments, checks, messages, exit codes. */
import { findContainer, type SimNodeModel } from '../world/model';
import { renderUserBeancounters } from '../render/beancounters';
import { renderVzctlStatus } from '../render/proc';
import { renderVzcpucheck } from '../render/vzcpucheck';
import { renderVzmemcheck } from '../render/vzmemcheck';
import {
  VZQUOTA_ERROR_NO_FILE,
  VZQUOTA_ERROR_OFF,
  VZQUOTA_WARNING_RUNNING,
  hasQuota,
  quotaOn,
  renderVzquotaBatch,
  renderVzquotaTable,
} from '../render/vzquota';
import { getopt } from './getopt';
import { isVzctlAction, runVzctlAction } from './vzctl-actions';
import { vzctlSet } from './vzctl-set';
import { fail, ok, type CommandHandler, type CommandResult } from './types';

export const vzcpucheckCommand: CommandHandler = (args, ctx) => {
  const g = getopt('vzcpucheck', args, { short: 'v' });
  if (g.error || g.operands.length > 0) return fail(1, `${g.error ? `${g.error}\n` : ''}Usage: vzcpucheck [-v]\n`);
  return ok(renderVzcpucheck(ctx.model, { verbose: g.options.length > 0 }));
};

export const vzmemcheckCommand: CommandHandler = (args, ctx) => {
  const g = getopt('vzmemcheck', args, { short: 'Avh' });
  const usage = 'Usage: vzmemcheck [-v] [-A]\n';
  if (g.error) return fail(1, `${g.error}\n${usage}`);
  if (g.options.some((o) => o.opt === 'h')) return ok(usage);
  const has = (o: string) => g.options.some((x) => x.opt === o);
  return ok(renderVzmemcheck(ctx.model, { verbose: has('v'), absolute: has('A') }));
};

const VZQUOTA_EC_USAGE = 2;
const VZQUOTA_EC_NOTRUN = 6;
const VZQUOTA_EC_NOQUOTAFILE = 11;

function vzquotaUsage(cmd: string): CommandResult {
  const opts = cmd === 'stat' ? ' [-f] [-c file] [-t]' : ' [-c file] [-t]';
  return fail(VZQUOTA_EC_USAGE, `Usage: vzquota ${cmd} quotaid${opts}\n\t(Specify the --help global option for a list of other help options)\n`);
}

/**
 * `vzquota [-q] [-b] [-v] stat|show <id> [-f] [-t]` — the two read-only commands. `stat` needs the
 * quota on (a running or mounted simfs CT); `show` reads the quota file, which every simfs CT has.
 * ploop CTs have no vzquota at all.
 */
export const vzquotaCommand: CommandHandler = (args, ctx) => {
  let i = 0;
  let quiet = false;
  let batch = false;
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    if (args[i] === '-q' || args[i] === '--quiet') quiet = true;
    else if (args[i] === '-b' || args[i] === '--batch') batch = true;
    else if (args[i] !== '-v' && args[i] !== '--verbose') return fail(VZQUOTA_EC_USAGE, `vzquota: invalid option -- '${args[i]!.replace(/^-+/, '')}'\n`);
  }
  const cmd = args[i];
  if (cmd !== 'stat' && cmd !== 'show') {
    return fail(VZQUOTA_EC_USAGE, `Usage: vzquota [options] command quotaid [command-options]\n`);
  }
  const rest = args.slice(i + 1).filter((a) => a !== '-f' && a !== '-t');
  const id = rest[0];
  if (rest.length !== 1 || id === undefined || !/^\d+$/.test(id)) return vzquotaUsage(cmd);
  const found = findContainer(ctx.model, id);
  const ct = found && hasQuota(found) ? found : undefined;
  const table = () => (batch ? renderVzquotaBatch(ct!, ctx.model, ctx.epochMs) : renderVzquotaTable(ct!, ctx.model));
  if (cmd === 'stat') {
    if (!ct || !quotaOn(ct)) return fail(VZQUOTA_EC_NOTRUN, VZQUOTA_ERROR_OFF);
    return ok(table());
  }
  if (!ct) return fail(VZQUOTA_EC_NOQUOTAFILE, VZQUOTA_ERROR_NO_FILE);
  const output: CommandResult['output'] = [];
  if (quotaOn(ct) && !quiet) output.push({ fd: 2, data: VZQUOTA_WARNING_RUNNING });
  output.push({ fd: 1, data: table() });
  return { output, code: 0 };
};

const VZ_INVALID_PARAMETER_SYNTAX = 20;
const VZ_INVALID_PARAMETER_VALUE = 21;
const VZ_VE_NOT_RUNNING = 31;

function validId(model: SimNodeModel, id: string): boolean {
  if (/^\d+$/.test(id)) return Number(id) > 0;
  // OpenVZ 7 takes a UUID or a CT name as well.
  return model.generation === 'vz7' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id);
}

/** `vzctl exec <id> <command>` inside a running CT: only `cat /proc/user_beancounters` is simulated. */
function vzctlExec(model: SimNodeModel, id: string, command: string[]): CommandResult {
  const ct = findContainer(model, id);
  if (!ct) return fail(VZ_INVALID_PARAMETER_VALUE, `Container ${id} does not exist\n`);
  if (ct.status !== 'running') return fail(VZ_VE_NOT_RUNNING, 'Container is not running\n');
  const line = command.join(' ').trim();
  if (/^cat\s+\/proc\/user_beancounters$/.test(line)) return ok(renderUserBeancounters(model, { inside: ct }));
  const program = line.split(/\s+/)[0] ?? '';
  return fail(127, `sh: ${program}: command not found\n`);
}

/** `vzctl status <id>`, `vzctl exec <id> cat /proc/user_beancounters`, `vzctl --version`; the node is otherwise read-only. */
export const vzctlCommand: CommandHandler = (args, ctx) => {
  const model = ctx.model;
  const rest = args.filter((a) => a !== '--quiet' && a !== '--verbose' && a !== '--skiplock');
  if (rest[0] === '--version') return ok(model.generation === 'vz7' ? 'vzctl version 7.0.224\n' : 'vzctl version 4.9.4\n');
  if (rest.length === 0) return fail(VZ_INVALID_PARAMETER_SYNTAX, 'Usage: vzctl [options] <command> <ctid> [parameters]\n');
  const action = rest[0]!;
  if (action === 'set') return vzctlSet(model, rest.slice(1));
  if (action !== 'status' && action !== 'exec' && !isVzctlAction(action)) return fail(VZ_INVALID_PARAMETER_SYNTAX, `Bad command: ${action} (the simulated node only answers vzctl status and exec)\n`);
  const id = rest[1];
  if (id === undefined) return fail(VZ_INVALID_PARAMETER_VALUE, 'CT ID is not given\n');
  if (!validId(model, id)) return fail(VZ_INVALID_PARAMETER_VALUE, `Bad CT ID ${id}\n`);
  if (isVzctlAction(action)) return runVzctlAction(action, id, findContainer(model, id), rest.slice(2), ctx);
  if (action === 'exec') return vzctlExec(model, id, rest.slice(2));
  return ok(renderVzctlStatus(model, id, findContainer(model, id)));
};
