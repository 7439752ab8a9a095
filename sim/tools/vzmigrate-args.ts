/**
 * vzmigrate's command line: the script's getopt, its checks and its messages for bad usage, and
 * the help text. Pure: arguments in, options (or what to print and the exit status) out.
 */

export const VZMIGRATE_HELP = `This program migrates a container to another node.
Usage:
  vzmigrate [option ...] destination_address <CTID>
Options:
-r, --remove-area yes|no   remove the CT on the source after a successful migration
--ssh=<options>            extra ssh options (never the destination host name)
--rsync=<options>          extra rsync options
--keep-dst                 keep the synced private area on the destination after an error
-c, --compact              compact the ploop image first (ploop only)
-s, --snapshot             snapshot the ploop CT first (ploop only)
--live, --online           live migration: checkpoint and restore instead of stop and start
--check-only, --dry-run    run the preliminary checks only
-f, --nodeps[=cpu,ipv6]    go on despite failed preliminary checks
-v                         verbose (repeat up to 4 times); implies -t
-t, --times                print the suspended-time breakdown of a live migration
`;

export interface VzmigrateOptions {
  online: boolean;
  verbose: number;
  times: boolean;
  keepDst: boolean;
  removeArea: boolean;
  checkOnly: boolean;
  /** `-p N` (or `-o Port=N`) from --ssh. */
  sshPort: number | undefined;
  dst: string;
  ct: string;
}

export type ParsedArgs = { ok: true; options: VzmigrateOptions } | { ok: false; help: boolean; stderr: string; usage: string };

const LONG = ['live', 'online', 'remove-area', 'keep-dst', 'compact', 'snapshot', 'check-only', 'dry-run', 'nodeps', 'ssh', 'rsync', 'times', 'ssh-mux', 'help', 'usage'];
const LONG_WITH_ARG = ['remove-area', 'ssh', 'rsync'];

function badUsage(reason: string, stderr = ''): ParsedArgs {
  return { ok: false, help: false, stderr, usage: `Invalid usage${reason}\n\nFor command line syntax, please check\n  vzmigrate --help\n  man vzmigrate\n` };
}

/** The script's `getopt -o vr:csf::th --longoptions …` and its checks. */
export function parseVzmigrateArgs(args: readonly string[]): ParsedArgs {
  if (args.length === 0) return { ok: false, help: true, stderr: '', usage: VZMIGRATE_HELP };
  const o = { online: false, verbose: 0, times: false, keepDst: false, removeArea: true, checkOnly: false, sshOptions: '' };
  const operands: string[] = [];
  const handle = (name: string, value: string | undefined): ParsedArgs | null => {
    if (name === 'live' || name === 'online') o.online = true;
    else if (name === 'v') o.verbose++;
    else if (name === 'remove-area' || name === 'r') {
      if (value !== 'yes' && value !== 'no') return badUsage(`: bad argument for ${name.length === 1 ? '-r' : '--remove-area'}: ${value}`);
      o.removeArea = value === 'yes';
    } else if (name === 'keep-dst') o.keepDst = true;
    else if (name === 'check-only' || name === 'dry-run') o.checkOnly = true;
    else if (name === 'ssh') o.sshOptions += ` ${value}`;
    else if (name === 'times' || name === 't') o.times = true;
    else if (name === 'help' || name === 'usage' || name === 'h') return { ok: false, help: true, stderr: '', usage: VZMIGRATE_HELP };
    else if (name === 'nodeps' || name === 'f') {
      for (const arg of (value ?? '').split(',').filter(Boolean)) {
        if (!['cpu', 'cpu_check', 'ipv6', 'all'].includes(arg)) return badUsage(`: unknown ${name.length === 1 ? '-f' : '--nodeps'} argument: ${arg}`);
      }
    }
    return null;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name, value] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (!LONG.includes(name)) return badUsage('', `vzmigrate: unrecognized option '${a}'\n`);
      let arg = value;
      if (LONG_WITH_ARG.includes(name) && arg === undefined) {
        arg = args[++i];
        if (arg === undefined) return badUsage('', `vzmigrate: option '--${name}' requires an argument\n`);
      } else if (!LONG_WITH_ARG.includes(name) && name !== 'nodeps' && value !== undefined) {
        return badUsage('', `vzmigrate: option '--${name}' doesn't allow an argument\n`);
      }
      const r = handle(name, arg);
      if (r) return r;
    } else if (a.startsWith('-') && a !== '-') {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (!'vrcsfth'.includes(c)) return badUsage('', `vzmigrate: invalid option -- '${c}'\n`);
        let arg: string | undefined;
        if (c === 'r') {
          arg = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (arg === undefined) return badUsage('', "vzmigrate: option requires an argument -- 'r'\n");
          j = a.length;
        } else if (c === 'f' && j + 1 < a.length) {
          arg = a.slice(j + 1);
          j = a.length;
        }
        const r = handle(c, arg);
        if (r) return r;
      }
    } else operands.push(a);
  }
  if (operands.length < 2) return badUsage(': not enough parameters');
  if (operands.length > 2) return badUsage(`: too many parameters: ${operands.join(' ')}`);
  const port = /(?:^|\s)-p\s*(\d+)|(?:^|\s)-o\s*Port=(\d+)/i.exec(o.sshOptions);
  return {
    ok: true,
    options: {
      online: o.online,
      verbose: o.verbose,
      times: o.times || o.verbose > 0,
      keepDst: o.keepDst,
      removeArea: o.removeArea,
      checkOnly: o.checkOnly,
      sshPort: port ? Number(port[1] ?? port[2]) : undefined,
      dst: operands[0]!,
      ct: operands[1]!,
    },
  };
}
