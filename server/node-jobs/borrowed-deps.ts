import type { CollectorDeps } from '../collector/collect-node';

/**
 * What a job runner (migrations, CT actions) borrows from the process's services. A Services
 * fits; named here so the runners do not import the composition root.
 */
export type NodeJobHost = Pick<CollectorDeps, 'db' | 'ssh' | 'clock' | 'secret' | 'agentSocket' | 'commandTimeoutMs' | 'latest'> & {
  collector?: { collectNow(nodeId: number): Promise<unknown> } | null;
};

/** The borrowed part of a runner's deps, with `refreshNodes` asking the collector for a poll after the job (`after` names it in the log). */
export function borrowNodeJobDeps(services: NodeJobHost, after: string) {
  return {
    db: services.db,
    ssh: services.ssh,
    clock: services.clock,
    secret: services.secret,
    agentSocket: services.agentSocket,
    commandTimeoutMs: services.commandTimeoutMs,
    latest: services.latest,
    collectNow: async (id: number): Promise<void> => {
      await services.collector?.collectNow(id);
    },
    refreshNodes: (ids: number[]) => {
      for (const id of ids) services.collector?.collectNow(id).catch((err: unknown) => console.error(`vzfleet: poll of node ${id} after ${after} failed:`, err));
    },
  };
}
