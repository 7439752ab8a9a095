import type { SimNodeModel } from '../model';

/** A fault injected into a simulated node (see sim/server.ts). */
export type SimFault = 'garbled' | 'hang' | 'refuse-exec';
export const SIM_FAULTS: readonly SimFault[] = ['garbled', 'hang', 'refuse-exec'];

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
}

export type CommandHandler = (args: string[], ctx: CommandContext) => CommandResult;

export function ok(stdout: string): CommandResult {
  return { output: stdout ? [{ fd: 1, data: stdout }] : [], code: 0 };
}

export function fail(code: number, stderr: string, stdout = ''): CommandResult {
  const output: OutputChunk[] = [];
  if (stdout) output.push({ fd: 1, data: stdout });
  if (stderr) output.push({ fd: 2, data: stderr });
  return { output, code };
}
