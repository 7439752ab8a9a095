import { borrowNodeJobDeps, type NodeJobHost } from '../node-jobs/borrowed-deps';
import type { MigrationDeps } from './deps';
import { MigrationRunner } from './runner';

/**
 * The process's migration runner, started with the server (instrumentation → getServices): it
 * reconciles jobs an earlier process left running and keeps the queue moving.
 */
export function startMigrations(services: NodeJobHost, opts: Pick<MigrationDeps, 'thresholds' | 'perNodeLimit' | 'owner'>): { runner: MigrationRunner; deps: MigrationDeps } {
  const deps: MigrationDeps = { ...borrowNodeJobDeps(services, 'a migration'), ...opts };
  const runner = new MigrationRunner(deps);
  runner.start();
  return { runner, deps };
}
