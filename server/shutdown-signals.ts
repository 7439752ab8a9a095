import os from 'node:os';
import { describeShutdown, shutDownServices } from './shutdown';
import type { Services } from './services';

const INSTALLED = Symbol.for('vzfleet.exitCleanlyOnSignals');

/** Polls under way may take this long to finish and be stored on the way out. */
export const SHUTDOWN_POLL_WAIT_MS = 5_000;
/** The process exits by then whatever is still running: under Docker's 10 s before its SIGKILL. */
export const SHUTDOWN_LIMIT_MS = 9_000;

/**
 * SIGTERM and SIGINT run shutDownServices, then exit with 128 + the signal's number, as Next does.
 * Next's own handler (start-server) closes the HTTP server and exits as soon as that is done,
 * which would cut a hand-over short, so it is taken off here: the Dockerfile and the systemd unit set
 * NEXT_MANUAL_SIG_HANDLE, Next's documented way to leave the signals to the app, and a plain
 * `next start` without it behaves the same. Requests keep being served while the services stop;
 * the ones still open at the exit (a wall screen's live stream) are cut and reconnect to the next
 * instance.
 */
export function exitCleanlyOnSignals(
  services: () => Promise<Services>,
  opts: { dev: boolean; log?: (line: string) => void },
): void {
  // Once per process: Next may load the instrumentation hook's modules more than once, and a second
  // call would take the first one's listener for Next's.
  const holder = globalThis as { [INSTALLED]?: boolean };
  if (holder[INSTALLED]) return;
  holder[INSTALLED] = true;
  const log = opts.log ?? console.log;
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const nextsOwn = process.listeners(signal);
    for (const listener of nextsOwn) process.removeListener(signal, listener);
    process.on(signal, () => {
      // A shell's Ctrl-C reaches the process more than once; one way out is enough.
      if (stopping) return;
      stopping = true;
      const code = 128 + os.constants.signals[signal];
      setTimeout(() => {
        log(`vzfleet: still stopping after ${SHUTDOWN_LIMIT_MS} ms; exiting anyway`);
        process.exit(code);
      }, SHUTDOWN_LIMIT_MS).unref();
      log(`vzfleet: ${signal}: handing over nodes and writing history before exiting`);
      services()
        .then((s) => shutDownServices(s, { pollWaitMs: SHUTDOWN_POLL_WAIT_MS }))
        .then((report) => log(describeShutdown(report)))
        .catch((err: unknown) => log(`vzfleet: stopping failed: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          // `next dev` has its own to clean up (its bundler), and exits once done; a built server
          // exits now, without waiting for live streams that would hold its HTTP server open.
          if (opts.dev && nextsOwn.length) for (const listener of nextsOwn) listener(signal);
          else process.exit(code);
        });
    });
  }
}
