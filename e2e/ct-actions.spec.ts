import { expect, test } from '@playwright/test';
import { readFleet } from './helpers/fleet';
import { addSimNode } from './helpers/nodes';
import { apiClient } from './helpers/trpc';

test('stopping a running CT from its page (confirmed by id and hostname) shows the output and the state turns stopped; starting it again turns it running', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  const node = await addSimNode(api, fleet, 1, 'ops-actions');
  const sim = fleet.nodes[1]!;
  // The last running CT that is not the busy one: the migration spec uses the first ones of this node.
  const ctId = [...sim.runningCtIds].reverse().find((id) => id !== sim.busyCtId)!;
  const hostname = sim.containers.find((c) => c.ctId === ctId)!.hostname;

  await page.goto(`/nodes/${node.id}/ct/${ctId}`);
  await page.getByRole('button', { name: 'Start, stop, suspend…' }).click();
  const panel = page.getByRole('region', { name: 'Actions', exact: true });
  const state = panel.getByLabel('State on the node');
  await expect(state).toHaveText('running', { timeout: 20_000 });
  const info = page.getByRole('region', { name: 'Container', exact: true });
  await expect(info.getByText('running', { exact: true })).toBeVisible();

  await panel.getByRole('button', { name: 'Stop…' }).click();
  const confirm = panel.getByRole('alertdialog');
  await expect(confirm).toContainText(`Stop CT ${ctId} (${hostname})?`);
  await confirm.getByRole('button', { name: `Yes, stop CT ${ctId}` }).click();
  const progress = panel.getByRole('region', { name: 'CT action progress' });
  await expect(progress.getByRole('status', { name: 'Action outcome' })).toHaveText('done', { timeout: 30_000 });
  await expect(progress.getByLabel('Action output')).toContainText(`$ vzctl stop ${ctId}`);
  await expect(progress.getByLabel('Action output')).toContainText('Container was stopped');
  await expect(progress).toContainText(`CT ${ctId} is stopped (read back with vzctl status)`);
  await expect(state).toHaveText('stopped');
  await expect(info.getByText('stopped', { exact: true })).toBeVisible();

  await panel.getByRole('button', { name: 'Start…' }).click();
  await expect(panel.getByRole('alertdialog')).toContainText(`Start CT ${ctId} (${hostname})?`);
  await panel.getByRole('button', { name: `Yes, start CT ${ctId}` }).click();
  await expect(progress.getByRole('status', { name: 'Action outcome' })).toHaveText('done', { timeout: 30_000 });
  await expect(progress.getByLabel('Action output')).toContainText('Container start in progress...');
  await expect(state).toHaveText('running');
  await expect(info.getByText('running', { exact: true })).toBeVisible();

  // The processes, read on the node with vzps, as plain text tables.
  await page.getByText('Processes (top by memory and by CPU)').click();
  const byMemory = page.getByRole('table', { name: 'Top processes by memory' });
  await expect(page.getByText(/^\d+ processes, [\d.]+ (KiB|MiB|GiB) resident in all/)).toBeVisible({ timeout: 20_000 });
  // A header row and the top 15 (a running simulated CT has more than 15 processes).
  await expect(byMemory.getByRole('row')).toHaveCount(16);
  await expect(page.getByRole('table', { name: 'Top processes by CPU' })).toBeVisible();
});
