/**
 * vzctl 3.0.x's vzlist exits 1 when it finds no containers at all, even with -a (src/vzlist.c
 * collect(): "No CT found, exit with error"); vzctl 4.0 made that exit 0 unless CT ids were named
 * (kolyshkin/vzctl fa6d54c0, 2012-01-22, bug #2149). The message on stderr changed with the
 * renamings: `VPS not found` (to 3.0.11-2), `VE not found` (3.0.11-3 to 3.0.22), `Container(s)
 * not found` (3.0.23 on, 0154b000).
 *
 * So an empty vzctl 3.0.x node looks like a failed vzlist. Only that exact case is an empty list:
 * every vzlist call of the exec exited 1 with nothing on stdout, and stderr holds one of those
 * messages as a whole line once per call. The calls share one stderr, so counting is what ties
 * each message to a call: one call failing otherwise beside three "not found" stays an error, as
 * does another code, any stdout or another message.
 */
const NO_CONTAINERS = /^(?:Container\(s\) not found|VE not found|VPS not found)$/gm;

export interface VzlistCall {
  exitCode: number;
  stdoutBytes: number;
}

export function vzlistFoundNoContainers(calls: readonly VzlistCall[], stderr: string): boolean {
  if (calls.length === 0 || !calls.every((c) => c.exitCode === 1 && c.stdoutBytes === 0)) return false;
  return (stderr.match(NO_CONTAINERS)?.length ?? 0) >= calls.length;
}
