import type { apiClient } from './trpc';
import type { E2eFleet } from './fleet';

type Api = ReturnType<typeof apiClient>;

/** Adds simulated node `index` under `name` with its host key pinned, and polls it once now. */
export async function addSimNode(api: Api, fleet: E2eFleet, index: number, name: string, extra: { location?: string; tags?: string[]; notes?: string } = {}) {
  const sim = fleet.nodes[index]!;
  const node = await api.node.create.mutate({
    name,
    host: sim.host,
    port: sim.port,
    sshUser: 'root',
    authMethod: 'key-file',
    keyFile: fleet.clientKeyPath,
    hostKeyFingerprint: sim.hostKeyFingerprint,
    ...extra,
  });
  await api.node.collectNow.mutate({ id: node.id });
  return node;
}
