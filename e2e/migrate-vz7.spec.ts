import path from 'node:path';
import { expect, test } from '@playwright/test';
import { loadOrCreateClientKey } from '../sim/ssh/keys';
import { startSimFleet, type SimFleet } from '../sim/ssh/server';
import { readFleet } from './helpers/fleet';
import { apiClient } from './helpers/trpc';

/**
 * An OpenVZ 7 pair of its own (the shared fleet's draw of generations is the seed's): two
 * simulated OpenVZ 7 nodes that accept the same client key as the shared fleet.
 */
let vz7: SimFleet;
/** The pair's inventory entries, removed afterwards: their simulator stops with the spec. */
const added: number[] = [];

test.beforeAll(async () => {
  const shared = readFleet();
  const key = loadOrCreateClientKey(path.dirname(shared.clientKeyPath));
  vz7 = await startSimFleet({
    nodes: 2, basePort: 0, host: '127.0.0.1', dataDir: path.join(process.env.VZFLEET_E2E_DIR!, 'sim-vz7'), authorizedKeys: [key.publicKey],
    seed: 31, ctsPerNode: 5, generation: 'vz7', timeScale: 0.01, workloads: false,
  });
});
test.afterAll(async ({ baseURL }) => {
  const api = apiClient(baseURL!);
  for (const id of added) await api.node.remove.mutate({ id });
  await vz7?.stop();
});

test('a live migration between two OpenVZ 7 nodes runs prlctl migrate: its pre-checks, its phases, the CT on the target, no freeze time reported', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const shared = readFleet();
  const api = apiClient(baseURL!);
  const add = async (i: number, name: string) => {
    const sim = vz7.nodes[i]!;
    const node = await api.node.create.mutate({ name, host: sim.host, port: sim.port, sshUser: 'root', authMethod: 'key-file', keyFile: shared.clientKeyPath, hostKeyFingerprint: sim.hostKeyFingerprint });
    added.push(node.id);
    await api.node.collectNow.mutate({ id: node.id });
    return node;
  };
  const src = await add(0, 'vz7-src');
  const dst = await add(1, 'vz7-dst');
  // A CT the default placement limits let onto vz7-dst (what the rest of the fleet runs sets the promise limit).
  const candidates = vz7.nodes[0]!.model.containers.filter((c) => c.status === 'running' && !c.busy && /^\d+$/.test(c.ctid));
  let ct: (typeof candidates)[number] | undefined;
  for (const c of candidates) {
    const ranked = await api.migration.targets.mutate({ ctId: c.ctid, nodeId: src.id, online: true });
    if (ranked.find((t) => t.name === 'vz7-dst')?.fits) {
      ct = c;
      break;
    }
  }
  if (!ct) throw new Error('no CT of vz7-src fits on vz7-dst within the default placement limits');

  await page.goto(`/nodes/${src.id}/ct/${ct.ctid}`);
  await page.getByRole('button', { name: 'Migrate…' }).click();
  const dialog = page.getByRole('dialog', { name: `Migrate CT ${ct.ctid}` });
  await expect(dialog.getByLabel('Online (live)')).toBeChecked();
  await dialog.getByRole('table', { name: 'Target nodes' }).getByLabel('vz7-dst').check();
  const checks = dialog.getByRole('list', { name: 'Pre-checks' });
  await expect(checks.getByRole('listitem')).toHaveCount(9, { timeout: 30_000 });
  await expect(checks.getByText('Source can SSH to the target: pass')).toBeVisible();
  await expect(checks.getByText('OpenVZ 7 migration (prlctl, CRIU): pass')).toBeVisible();
  await expect(checks.getByText(': fail')).toHaveCount(0);

  await dialog.getByRole('button', { name: 'Start migration' }).click();
  const progress = dialog.getByRole('region', { name: 'Migration progress' });
  const phases = progress.getByRole('list', { name: 'Phases' });
  await expect(progress.getByRole('status', { name: 'Outcome' })).toHaveText('succeeded', { timeout: 60_000 });
  await expect(phases.getByText(`Migrate the CT ${ct.name ?? ct.ctid} on ${vz7.nodes[1]!.host}`)).toBeVisible();
  await expect(phases.getByText('Migration started.')).toBeVisible();
  await expect(phases.getByText('The CT has been successfully migrated.')).toBeVisible();
  // prlctl prints no freeze time: none is shown rather than a made-up one.
  await expect(progress.getByLabel('Freeze time')).toHaveText('—');

  await progress.getByRole('link', { name: `CT ${ct.ctid} on vz7-dst` }).click();
  await expect(page).toHaveURL(new RegExp(`/nodes/${dst.id}/ct/${ct.ctid}$`));
  await expect(page.getByRole('heading', { name: `CT ${ct.ctid}`, level: 1 })).toBeVisible();
});
