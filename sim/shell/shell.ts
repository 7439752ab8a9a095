/**
 * A tiny POSIX-shell-like front end for the simulated node. It runs nothing real: each simple
 * command is a builtin (echo, exit, true, false, :, cd, pwd, export, command -v, which) or one of
 * the simulated programs in sim/tools. `$?` is expanded when the command runs, `&&`/`||` short-
 * circuit, redirections apply left to right, and the exit status is the last command's. Commands that
 * take time (vzmigrate) stream their output: the interpreter is a generator that hands each one to
 * its driver — synchronous for tests of plain commands, asynchronous for the SSH server.
 */
import type { SimNodeModel } from '../world/model';
import { findProgram } from '../tools/index';
import { isStreaming, type CommandContext, type CommandIO, type CommandResult, type OutputChunk, type StreamingCommand } from '../tools/types';
import { ShellSyntaxError, parseCommandLine, type AndOrItem, type SimpleCommand, type Word } from './shell-parse';

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

function runBuiltin(name: string, args: string[], state: ShellState, model: SimNodeModel): CommandResult | 'exit' | null {
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
      const found = args.slice(1).map((a) => (isBuiltin(a) ? a : findProgram(a, model)?.path)).filter((p): p is string => !!p);
      return out(found.map((p) => `${p}\n`).join(''), found.length === args.length - 1 && found.length > 0 ? 0 : 1);
    }
    case 'which': {
      const output: OutputChunk[] = [];
      let code = 0;
      for (const a of args) {
        const p = findProgram(a, model);
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
type Emit = (sink: Sink, data: string) => void;

/** A streaming command the interpreter hands to its driver; the driver resumes it with the exit status. */
interface RunRequest {
  command: StreamingCommand;
  write: (fd: 1 | 2, data: string) => void;
}
type Interpreter<T> = Generator<RunRequest, T, number>;

/** Runs one simple command, routing its output through `emit`; tells whether the shell must stop (exit). */
function* runSimple(
  cmd: SimpleCommand,
  state: ShellState,
  ctx: CommandContext,
  stdoutSink: Sink,
  stdin: string,
  emit: Emit,
): Interpreter<{ code: number; exit: boolean }> {
  const sinks = new Map<number, Sink>([
    [1, stdoutSink],
    [2, 'err'],
  ]);
  const failWith = (message: string) => {
    emit('err', message);
    return { code: 1, exit: false };
  };
  for (const r of cmd.redirections) {
    const target = expandWord(r.target, state) ?? '';
    if (r.op === '>&' || r.op === '<&') {
      if (target === '-') sinks.set(r.fd, 'null');
      else if (/^\d+$/.test(target) && sinks.has(Number(target))) sinks.set(r.fd, sinks.get(Number(target))!);
      else return failWith(`sh: ${target}: bad file descriptor\n`);
    } else if (r.op === '<') {
      if (target === '/dev/null') stdin = '';
      else return failWith(`sh: ${target}: No such file or directory\n`);
    } else {
      const sink: Sink | null = target === '/dev/null' ? 'null' : target === '/dev/stderr' ? 'err' : target === '/dev/stdout' ? stdoutSink : null;
      if (sink === null) return failWith(`sh: ${target}: Read-only file system\n`);
      if (r.op === '&>') sinks.set(2, sink);
      sinks.set(r.op === '&>' ? 1 : r.fd, sink);
    }
  }
  const words = cmd.words.map((w) => expandWord(w, state)).filter((w): w is string => w !== null);
  while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!)) {
    const [name, value] = words.shift()!.split(/=(.*)/s) as [string, string];
    if (words.length === 0) state.vars.set(name, value);
  }
  const write = (fd: 1 | 2, data: string) => emit(sinks.get(fd) ?? 'null', data);
  const route = (r: CommandResult) => {
    for (const c of r.output) write(c.fd, c.data);
  };
  if (words.length === 0) return { code: 0, exit: false };
  const [name, ...args] = words as [string, ...string[]];
  const builtin = runBuiltin(name, args, state, ctx.model);
  if (builtin === 'exit') return { code: state.status, exit: true };
  if (builtin) {
    route(builtin);
    return { code: builtin.code, exit: false };
  }
  const program = findProgram(name, ctx.model);
  if (!program) {
    write(2, `sh: ${name}: ${name.includes('/') ? 'No such file or directory' : 'command not found'}\n`);
    return { code: 127, exit: false };
  }
  const outcome = program.run(args, { ...ctx, stdin });
  if (isStreaming(outcome)) {
    const code = yield { command: outcome, write };
    return { code, exit: false };
  }
  route(outcome);
  return { code: outcome.code, exit: false };
}

function* interpret(items: AndOrItem[], ctx: CommandContext, out: (chunk: OutputChunk) => void): Interpreter<number> {
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
      let nextPipe = '';
      const emit: Emit = (sink, data) => {
        if (sink === 'out') out({ fd: 1, data });
        else if (sink === 'err') out({ fd: 2, data });
        else if (sink === 'pipe') nextPipe += data;
      };
      const r = yield* runSimple(cmd, state, ctx, last ? 'out' : 'pipe', pipe, emit);
      pipe = nextPipe;
      code = r.code;
      if (r.exit) return code;
    }
    state.status = code;
  }
  return state.status;
}

/** The command line as an interpreter; or, when it is not valid, bash's syntax error is written and its status (2) returned. */
function start(line: string, ctx: CommandContext, out: (chunk: OutputChunk) => void): Interpreter<number> | number {
  try {
    return interpret(parseCommandLine(line), ctx, out);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    out({ fd: 2, data: e.stderr });
    return 2;
  }
}

/**
 * Runs a whole command line as `sh -c` would, against the simulated node in `ctx`, all at once.
 * Only for lines of commands that answer at once: a streaming command (vzmigrate, sleep) needs
 * runCommandLineStreaming.
 */
export function runCommandLine(line: string, ctx: CommandContext): ShellResult {
  const output: OutputChunk[] = [];
  const interpreter = start(line, ctx, (c) => output.push(c));
  const step = typeof interpreter === 'number' ? { done: true as const, value: interpreter } : interpreter.next();
  if (!step.done) throw new Error(`runCommandLine: ${JSON.stringify(line)} runs a streaming command; use runCommandLineStreaming`);
  return {
    output,
    stdout: output.filter((c) => c.fd === 1).map((c) => c.data).join(''),
    stderr: output.filter((c) => c.fd === 2).map((c) => c.data).join(''),
    code: step.value,
  };
}

/**
 * Runs a command line as `sh -c` would, writing through `io` as output is produced; commands that
 * take time (vzmigrate, sleep) stream. Resolves to the exit status; rejects with an AbortError
 * when `io.signal` aborts during a streaming command.
 */
export async function runCommandLineStreaming(line: string, ctx: CommandContext, io: CommandIO): Promise<number> {
  const interpreter = start(line, ctx, (c) => io.write(c.fd, c.data));
  if (typeof interpreter === 'number') return interpreter;
  let step = interpreter.next();
  while (!step.done) {
    const { command, write } = step.value;
    const code = await command.stream({ write, sleep: io.sleep, signal: io.signal });
    step = interpreter.next(code);
  }
  return step.value;
}
