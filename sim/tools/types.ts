import type { SimNodeModel } from '../world/model';
import type { SimHost } from '../world/directory';
import type { SimFault } from '../world/fault-names';

export { SIM_FAULTS, type SimFault } from '../world/fault-names';

/** One write of a command, in order, so that `2>&1` interleaves stdout and stderr like a real pipe. */
export interface OutputChunk {
  fd: 1 | 2;
  data: string;
}

export interface CommandResult {
  output: OutputChunk[];
  code: number;
}

export interface CommandContext {
  model: SimNodeModel;
  fault: SimFault | null;
  /** Wall-clock time (epoch ms) from the server's clock, for epoch figures such as quota deadlines. */
  epochMs: number;
  /** What the previous command of a pipeline wrote (empty otherwise). */
  stdin?: string;
  /** The node the command runs on, as the fleet knows it (absent when a test runs the shell bare). */
  host?: SimHost;
}

export type CommandHandler = (args: string[], ctx: CommandContext) => CommandResult;

/** How a streaming command talks to the session while it runs. */
export interface CommandIO {
  /** Writes now (the server sends it to the SSH channel as it comes). */
  write(fd: 1 | 2, data: string): void;
  /** Waits `ms` real milliseconds; rejects with an AbortError when the session goes away. */
  sleep(ms: number): Promise<void>;
  /** Aborted when the client closes the channel or the node stops. */
  signal: AbortSignal;
}

/** A command that produces its output over time (vzmigrate, sleep); resolves to its exit status. */
export interface StreamingCommand {
  stream(io: CommandIO): Promise<number>;
}

export type CommandOutcome = CommandResult | StreamingCommand;

/** A handler that may answer at once (CommandResult) or over time (StreamingCommand). */
export type AnyCommandHandler = (args: string[], ctx: CommandContext) => CommandOutcome;

export function isStreaming(outcome: CommandOutcome): outcome is StreamingCommand {
  return typeof (outcome as Partial<StreamingCommand>).stream === 'function';
}

export function ok(stdout: string): CommandResult {
  return { output: stdout ? [{ fd: 1, data: stdout }] : [], code: 0 };
}

export function fail(code: number, stderr: string, stdout = ''): CommandResult {
  const output: OutputChunk[] = [];
  if (stdout) output.push({ fd: 1, data: stdout });
  if (stderr) output.push({ fd: 2, data: stderr });
  return { output, code };
}
