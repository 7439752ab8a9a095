import type { Services } from './services';

/**
 * The server's way out (SIGTERM from systemd, Docker or a deploy): what the process holds that
 * others need is handed over, and what it has in memory is written, before it exits.
 *  - Polls under way finish and are stored (up to `pollWaitMs`), then the node leases are given
 *    back, so another instance polls those nodes on their own slots, not after the lease TTL.
 *  - Background loops (migrations, CT actions, alarms) start nothing new; migration ownership is
 *    released when no migration of ours is running, so another instance need not wait out its TTL.
 *  - The connection that hears other instances' hand-overs is closed.
 *  - SSH connections are closed: nothing is read from the nodes after the polls under way.
 *  - The open history minute of every node is written (merged with what the next holder writes).
 *  - The database is closed last (PGlite writes its files on close).
 * A step that fails is reported and the rest still run: an unreachable Postgres must not keep the
 * process from exiting.
 */

export interface ShutdownReport {
  /** Polls still under way when the wait ended (their results are lost). */
  pollsUnfinished: number;
  /** History buckets written on the way out. */
  historyBuckets: number;
  ms: number;
  /** "<step>: <message>" per step that failed. */
  failures: string[];
}

/** What a stop touches: the server's Services, or bench/collector's worker with just a collector. */
export type StoppableServices = Pick<Services, 'collector' | 'leaseSignals' | 'history' | 'ssh' | 'clock' | 'closeDb' | 'migrations' | 'ctActions' | 'alarms'>;

export async function shutDownServices(services: StoppableServices, opts: { pollWaitMs: number; clock?: () => number }): Promise<ShutdownReport> {
  const clock = opts.clock ?? Date.now;
  const started = clock();
  const report: ShutdownReport = { pollsUnfinished: 0, historyBuckets: 0, ms: 0, failures: [] };
  const step = async (name: string, run: () => unknown) => {
    try {
      await run();
    } catch (err) {
      report.failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  await step('migrations', () => services.migrations?.runner.stop());
  await step('CT actions', () => services.ctActions?.runner.stop());
  await step('alarms', () => services.alarms?.stop());
  await step('collector', async () => {
    if (services.collector) report.pollsUnfinished = (await services.collector.stopAndHandOver(opts.pollWaitMs)).unfinished;
  });
  // Nothing is claimed any more: the listening connection ends with a goodbye, not a dropped socket.
  await step('lease signals', () => services.leaseSignals?.close());
  await step('ssh', () => services.ssh.closeAll());
  await step('history', async () => {
    if (services.history) report.historyBuckets = await services.history.flush(services.clock(), { closeOpen: true });
  });
  await step('database', () => services.closeDb?.());
  report.ms = clock() - started;
  return report;
}

/** One line for the log. */
export function describeShutdown(r: ShutdownReport): string {
  const parts = [`stopped in ${r.ms} ms`, `${r.historyBuckets} history bucket${r.historyBuckets === 1 ? '' : 's'} written`];
  if (r.pollsUnfinished) parts.push(`${r.pollsUnfinished} poll${r.pollsUnfinished === 1 ? '' : 's'} cut short`);
  if (r.failures.length) parts.push(`failed: ${r.failures.join('; ')}`);
  return `vzfleet: ${parts.join(', ')}`;
}
