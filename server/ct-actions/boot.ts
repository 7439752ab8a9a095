import type { CtActionDeps } from './deps';
import { CtActionRunner } from './runner';
import type { CtActions } from './service';

/** What the runner borrows from the process's services (a Services fits; named here so ct-actions does not import the composition root). */
export type CtActionHost = Pick<CtActionDeps, 'db' | 'ssh' | 'clock' | 'secret' | 'agentSocket' | 'commandTimeoutMs' | 'latest'> & {
  collector?: { collectNow(nodeId: number): Promise<unknown> } | null;
};

/** The process's CT action runner, started with the server: it reconciles jobs an earlier process left running. */
export function startCtActions(services: CtActionHost, opts: Pick<CtActionDeps, 'owner'>): CtActions {
  const deps: CtActionDeps = {
    db: services.db,
    ssh: services.ssh,
    clock: services.clock,
    secret: services.secret,
    agentSocket: services.agentSocket,
    commandTimeoutMs: services.commandTimeoutMs,
    latest: services.latest,
    ...opts,
    refreshNodes: (ids) => {
      for (const id of ids) services.collector?.collectNow(id).catch((err: unknown) => console.error(`vzfleet: poll of node ${id} after a CT action failed:`, err));
    },
  };
  const runner = new CtActionRunner(deps);
  runner.start();
  return { runner, deps };
}
