import { borrowNodeJobDeps, type NodeJobHost } from '../node-jobs/borrowed-deps';
import type { CtActionDeps } from './deps';
import { CtActionRunner } from './runner';
import type { CtActions } from './service';

/** The process's CT action runner, started with the server: it reconciles jobs an earlier process left running. */
export function startCtActions(services: NodeJobHost, opts: Pick<CtActionDeps, 'owner'>): CtActions {
  const deps: CtActionDeps = { ...borrowNodeJobDeps(services, 'a CT action'), ...opts };
  const runner = new CtActionRunner(deps);
  runner.start();
  return { runner, deps };
}
