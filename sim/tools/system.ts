/** cat, uname, hostname and friends, over the simulated node's few files. */
import { renderBcResources, renderUserBeancounters } from '../render/beancounters';
import { renderMeminfo } from '../render/meminfo';
import { distroRelease, kernelBuild, renderCpuinfo, renderLoadavg, renderUptime, renderVeinfo, renderVestat } from '../render/proc';
import { renderProcVzquota } from '../render/vzquota';
import { renderProcModules } from './storage';
import { fail, ok, type CommandContext, type CommandHandler, type OutputChunk } from './types';

/** A readable file: its text, or null where this node's kernel or distribution has no such file. */
const FILES: Record<string, (ctx: CommandContext) => string | null> = {
  '/proc/user_beancounters': (ctx) => renderUserBeancounters(ctx.model, { garbled: ctx.fault === 'garbled' }),
  '/proc/bc/resources': (ctx) => renderBcResources(ctx.model),
  '/proc/meminfo': (ctx) => renderMeminfo(ctx.model),
  '/proc/loadavg': (ctx) => renderLoadavg(ctx.model),
  '/proc/uptime': (ctx) => renderUptime(ctx.model),
  '/proc/cpuinfo': (ctx) => renderCpuinfo(ctx.model),
  '/proc/vz/veinfo': (ctx) => renderVeinfo(ctx.model),
  '/proc/vz/vestat': (ctx) => renderVestat(ctx.model),
  // The kernel's simfs quota table: legacy kernels only (OpenVZ 7 has no vzquota).
  '/proc/vz/vzquota': (ctx) => (ctx.model.generation === 'vz7' ? null : renderProcVzquota(ctx.model, ctx.epochMs)),
  '/proc/modules': (ctx) => renderProcModules(ctx),
  '/proc/sys/kernel/osrelease': (ctx) => `${ctx.model.kernel}\n`,
  '/proc/sys/kernel/hostname': (ctx) => `${ctx.model.hostname}\n`,
  '/etc/redhat-release': (ctx) => `${distroRelease(ctx.model)}\n`,
  '/etc/virtuozzo-release': (ctx) => (ctx.model.generation === 'vz7' ? 'OpenVZ release 7.0.17 (232)\n' : null),
  '/etc/hostname': (ctx) => `${ctx.model.hostname}\n`,
};
const DIRECTORIES = new Set(['/', '/proc', '/proc/vz', '/proc/bc', '/proc/sys', '/proc/sys/kernel', '/etc', '/etc/vz', '/etc/vz/conf', '/vz', '/root']);

/** Paths the simulated `cat` can read. */
export function readableFiles(): string[] {
  return Object.keys(FILES);
}

export const catCommand: CommandHandler = (args, ctx) => {
  const output: OutputChunk[] = [];
  let code = 0;
  if (args.length === 0 && ctx.stdin) output.push({ fd: 1, data: ctx.stdin });
  for (const path of args) {
    if (path.startsWith('-') && path !== '-') {
      return fail(1, `cat: invalid option -- '${path.slice(1, 2)}'\nTry 'cat --help' for more information.\n`);
    }
    const normalized = path.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
    const file = FILES[normalized];
    if (path === '-') {
      if (ctx.stdin) output.push({ fd: 1, data: ctx.stdin });
      continue;
    }
    const text = file ? file(ctx) : null;
    if (text !== null) output.push({ fd: 1, data: text });
    else {
      code = 1;
      output.push({ fd: 2, data: `cat: ${path}: ${DIRECTORIES.has(normalized) ? 'Is a directory' : 'No such file or directory'}\n` });
    }
  }
  return { output, code };
};

/**
 * `tr -s SET`: squeezes each run of a character in SET to one, reading stdin (the collector pipes
 * /proc/user_beancounters through `tr -s ' '`). SET is taken literally; translating, deleting and
 * classes like [:space:] are not simulated and say so.
 */
export const trCommand: CommandHandler = (args, ctx) => {
  if (args.length !== 2 || args[0] !== '-s' || args[1]!.length === 0 || /[[\\-]/.test(args[1]!)) {
    return fail(1, `tr: only "tr -s SET" with literal characters is simulated (got: tr ${args.join(' ')})\n`);
  }
  // A run of one character of SET, as one regular expression: the simulator answers 1000 nodes' polls.
  const chars = [...new Set(args[1])].map((c) => c.replace(/[\\^\]]/g, '\\$&')).join('');
  return ok((ctx.stdin ?? '').replace(new RegExp(`([${chars}])\\1+`, 'g'), '$1'));
};

const UNAME_ORDER = ['s', 'n', 'r', 'v', 'm', 'p', 'i', 'o'] as const;

export const unameCommand: CommandHandler = (args, ctx) => {
  const wanted = new Set<string>();
  for (const a of args) {
    const long: Record<string, string> = { '--all': 'a', '--kernel-name': 's', '--nodename': 'n', '--kernel-release': 'r', '--kernel-version': 'v', '--machine': 'm', '--processor': 'p', '--hardware-platform': 'i', '--operating-system': 'o' };
    const flags = a.startsWith('--') ? (long[a] ?? null) : a.startsWith('-') ? a.slice(1) : null;
    if (flags === null || flags === '' || /[^asnrvmpio]/.test(flags)) {
      const bad = a.startsWith('--') ? `unrecognized option '${a}'` : a.startsWith('-') ? `invalid option -- '${a.slice(1).replace(/[asnrvmpio]/g, '').slice(0, 1)}'` : `extra operand '${a}'`;
      return fail(1, `uname: ${bad}\nTry 'uname --help' for more information.\n`);
    }
    for (const f of flags) wanted.add(f);
  }
  const all = wanted.has('a');
  if (wanted.size === 0) wanted.add('s');
  const value: Record<(typeof UNAME_ORDER)[number], string> = {
    s: 'Linux',
    n: ctx.model.hostname,
    r: ctx.model.kernel,
    v: kernelBuild(ctx.model),
    m: 'x86_64',
    p: 'x86_64',
    i: 'x86_64',
    o: 'GNU/Linux',
  };
  return ok(`${UNAME_ORDER.filter((k) => all || wanted.has(k)).map((k) => value[k]).join(' ')}\n`);
};

export const hostnameCommand: CommandHandler = (args, ctx) =>
  args.length === 0 ? ok(`${ctx.model.hostname}\n`) : fail(1, 'hostname: you must be root to change the host name\n');

export const whoamiCommand: CommandHandler = () => ok('root\n');
export const idCommand: CommandHandler = () => ok('uid=0(root) gid=0(root) groups=0(root)\n');
export const trueCommand: CommandHandler = () => ok('');
export const falseCommand: CommandHandler = () => ({ output: [], code: 1 });
