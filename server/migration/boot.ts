import type { MigrationDeps } from './deps';
import { MigrationRunner } from './runner';

/** What the runner borrows from the process's services (a Services fits; named here so migration does not import the composition root). */
export type MigrationHost = Pick<MigrationDeps, 'db' | 'ssh' | 'clock' | 'secret' | 'agentSocket' | 'commandTimeoutMs' | 'latest'> & {
  collector?: { collectNow(nodeId: number): Promise<unknown> } | null;
};

/**
 * The process's migration runner, started with the server (instrumentation → getServices): it
 * reconciles jobs an earlier process left running and keeps the queue moving.
 */
export function startMigrations(services: MigrationHost, opts: Pick<MigrationDeps, 'thresholds' | 'perNodeLimit' | 'owner'>): { runner: MigrationRunner; deps: MigrationDeps } {
  const deps: MigrationDeps = {
    db: services.db,
    ssh: services.ssh,
    clock: services.clock,
    secret: services.secret,
    agentSocket: services.agentSocket,
    commandTimeoutMs: services.commandTimeoutMs,
    latest: services.latest,
    ...opts,
    refreshNodes: (ids) => {
      for (const id of ids) services.collector?.collectNow(id).catch((err: unknown) => console.error(`vzfleet: poll of node ${id} after a migration failed:`, err));
    },
  };
  const runner = new MigrationRunner(deps);
  runner.start();
  return { runner, deps };
}
