/**
 * A tiny POSIX-shell-like front end for the simulated node. It runs nothing real: each simple
 * command is a builtin (echo, exit, true, false, :, cd, pwd, export, command -v, which) or one of
 * the simulated programs in sim/tools. `$?` is expanded when the command runs, `&&`/`||` short-
 * circuit, redirections apply left to right, and the exit status is the last command's.
 */
import { findProgram } from './tools/index';
import type { CommandContext, CommandResult, OutputChunk } from './tools/types';
import { ShellSyntaxError, parseCommandLine, type SimpleCommand, type Word } from './shell-parse';

export interface ShellResult {
  /** stdout and stderr writes in the order they happened. */
  output: OutputChunk[];
  stdout: string;
  stderr: string;
  code: number;
}

const PATH = '/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin:/root/bin';

interface ShellState {
  status: number;
  vars: Map<string, string>;
}

function expandText(text: string, state: ShellState): string {
  return text.replace(/\$(\?|\$|#|[0-9]|[A-Za-z_][A-Za-z0-9_]*|\{([^}]*)\})/g, (_, name: string, braced?: string) => {
    const n = braced ?? name;
    if (n === '?') return String(state.status);
    if (n === '$') return '4242';
    if (n === '#') return '0';
    if (n === '0') return 'sh';
    return state.vars.get(n) ?? '';
  });
}

/** Expands one word; `null` when an unquoted word expands to nothing (it then disappears). */
function expandWord(word: Word, state: ShellState): string | null {
  const text = word.parts.map((p) => (p.expand ? expandText(p.text, state) : p.text)).join('');
  return text === '' && !word.quoted ? null : text;
}

function echo(args: string[]): string {
  let newline = true;
  let escapes = false;
  while (args.length > 0 && /^-[neE]+$/.test(args[0]!)) {
    for (const f of args.shift()!.slice(1)) {
      if (f === 'n') newline = false;
      else escapes = f === 'e';
    }
  }
  let text = args.join(' ');
  if (escapes) {
    const cut = text.indexOf('\\c');
    if (cut >= 0) {
      text = text.slice(0, cut);
      newline = false;
    }
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', '\\': '\\' };
    text = text.replace(/\\([ntrabfve\\])/g, (_, c: string) => map[c]!);
  }
  return newline ? `${text}\n` : text;
}

const out = (data: string, code = 0): CommandResult => ({ output: data ? [{ fd: 1, data }] : [], code });
const err = (data: string, code: number): CommandResult => ({ output: [{ fd: 2, data }], code });

function runBuiltin(name: string, args: string[], state: ShellState): CommandResult | 'exit' | null {
  switch (name) {
    case 'echo':
      return out(echo([...args]));
    case 'true':
    case ':':
      return out('');
    case 'false':
      return out('', 1);
    case 'pwd':
      return out('/root\n');
    case 'cd':
    case 'export':
      return out('');
    case 'exit': {
      if (args[0] !== undefined && !/^-?\d+$/.test(args[0])) {
        state.status = 2;
        return err(`sh: exit: ${args[0]}: numeric argument required\n`, 2);
      }
      state.status = args[0] === undefined ? state.status : ((Number(args[0]) % 256) + 256) % 256;
      return 'exit';
    }
    case 'command': {
      if (args[0] !== '-v') return null;
      const found = args.slice(1).map((a) => (isBuiltin(a) ? a : findProgram(a)?.path)).filter((p): p is string => !!p);
      return out(found.map((p) => `${p}\n`).join(''), found.length === args.length - 1 && found.length > 0 ? 0 : 1);
    }
    case 'which': {
      const output: OutputChunk[] = [];
      let code = 0;
      for (const a of args) {
        const p = findProgram(a);
        if (p) output.push({ fd: 1, data: `${p.path}\n` });
        else {
          code = 1;
          output.push({ fd: 2, data: `/usr/bin/which: no ${a} in (${PATH})\n` });
        }
      }
      return { output, code };
    }
    default:
      return null;
  }
}

function isBuiltin(name: string): boolean {
  return ['echo', 'true', ':', 'false', 'pwd', 'cd', 'export', 'exit', 'command'].includes(name);
}

type Sink = 'out' | 'err' | 'pipe' | 'null';

/** Runs one simple command; returns its routed output, and whether the shell must stop (exit). */
function runSimple(
  cmd: SimpleCommand,
  state: ShellState,
  ctx: CommandContext,
  stdoutSink: Sink,
  stdin: string,
): { chunks: { sink: Sink; data: string }[]; code: number; exit: boolean } {
  const sinks = new Map<number, Sink>([
    [1, stdoutSink],
    [2, 'err'],
  ]);
  for (const r of cmd.redirections) {
    const target = expandWord(r.target, state) ?? '';
    if (r.op === '>&' || r.op === '<&') {
      if (target === '-') sinks.set(r.fd, 'null');
      else if (/^\d+$/.test(target) && sinks.has(Number(target))) sinks.set(r.fd, sinks.get(Number(target))!);
      else return { chunks: [{ sink: 'err', data: `sh: ${target}: bad file descriptor\n` }], code: 1, exit: false };
    } else if (r.op === '<') {
      if (target === '/dev/null') stdin = '';
      else return { chunks: [{ sink: 'err', data: `sh: ${target}: No such file or directory\n` }], code: 1, exit: false };
    } else {
      const sink: Sink | null = target === '/dev/null' ? 'null' : target === '/dev/stderr' ? 'err' : target === '/dev/stdout' ? stdoutSink : null;
      if (sink === null) return { chunks: [{ sink: 'err', data: `sh: ${target}: Read-only file system\n` }], code: 1, exit: false };
      if (r.op === '&>') sinks.set(2, sink);
      sinks.set(r.op === '&>' ? 1 : r.fd, sink);
    }
  }
  const words = cmd.words.map((w) => expandWord(w, state)).filter((w): w is string => w !== null);
  while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) {
    const [name, value] = words.shift()!.split(/=(.*)/s) as [string, string];
    if (words.length === 0) state.vars.set(name, value);
  }
  const route = (r: CommandResult) => r.output.map((c) => ({ sink: sinks.get(c.fd) ?? 'null', data: c.data }));
  if (words.length === 0) return { chunks: [], code: 0, exit: false };
  const [name, ...args] = words as [string, ...string[]];
  const builtin = runBuiltin(name, args, state);
  if (builtin === 'exit') return { chunks: [], code: state.status, exit: true };
  if (builtin) return { chunks: route(builtin), code: builtin.code, exit: false };
  const program = findProgram(name);
  if (!program) {
    const why = name.includes('/') ? 'No such file or directory' : 'command not found';
    return { chunks: route({ output: [{ fd: 2, data: `sh: ${name}: ${why}\n` }], code: 127 }), code: 127, exit: false };
  }
  const result = program.run(args, { ...ctx, stdin });
  return { chunks: route(result), code: result.code, exit: false };
}

/** Runs a whole command line as `sh -c` would, against the simulated node in `ctx`. */
export function runCommandLine(line: string, ctx: CommandContext): ShellResult {
  const output: OutputChunk[] = [];
  const finish = (code: number): ShellResult => ({
    output,
    stdout: output.filter((c) => c.fd === 1).map((c) => c.data).join(''),
    stderr: output.filter((c) => c.fd === 2).map((c) => c.data).join(''),
    code,
  });
  let items;
  try {
    items = parseCommandLine(line);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    output.push({ fd: 2, data: e.stderr });
    return finish(2);
  }
  const state: ShellState = {
    status: 0,
    vars: new Map([
      ['HOME', '/root'],
      ['USER', 'root'],
      ['LOGNAME', 'root'],
      ['SHELL', '/bin/bash'],
      ['PATH', PATH],
      ['PWD', '/root'],
      ['HOSTNAME', ctx.model.hostname],
    ]),
  };
  for (const item of items) {
    if ((item.connector === '&&' && state.status !== 0) || (item.connector === '||' && state.status === 0)) continue;
    let code = 0;
    let pipe = '';
    for (const [i, cmd] of item.pipeline.entries()) {
      const last = i === item.pipeline.length - 1;
      const r = runSimple(cmd, state, ctx, last ? 'out' : 'pipe', pipe);
      pipe = '';
      for (const c of r.chunks) {
        if (c.sink === 'out') output.push({ fd: 1, data: c.data });
        else if (c.sink === 'err') output.push({ fd: 2, data: c.data });
        else if (c.sink === 'pipe') pipe += c.data;
      }
      code = r.code;
      if (r.exit) return finish(code);
    }
    state.status = code;
  }
  return finish(state.status);
}
