import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { readFleet } from './helpers/fleet';
import { apiClient } from './helpers/trpc';

const HOSTILE = '<img src=x onerror=alert(1)>';

test('edit a node, see the stored key only as an indicator, and remove it after confirming', async ({ page, baseURL }) => {
  const fleet = readFleet();
  const sim = fleet.nodes[0]!;
  const api = apiClient(baseURL!);
  const privateKey = fs.readFileSync(fleet.clientKeyPath, 'utf8');
  await api.node.create.mutate({
    name: 'manage-node',
    host: sim.host,
    port: sim.port,
    sshUser: 'root',
    authMethod: 'stored-key',
    privateKey,
    location: HOSTILE,
    tags: ['ssd', 'fra1'],
  });
  // Key material never leaves the server.
  expect(JSON.stringify(await api.node.list.query())).not.toContain('PRIVATE KEY');

  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto('/nodes');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'manage-node', exact: true }) });
  // Customer-supplied text is shown as text, never as markup.
  await expect(row.getByText(HOSTILE, { exact: true })).toBeVisible();
  await expect(page.locator('main img')).toHaveCount(0);

  await row.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit node manage-node' })).toBeVisible();
  await expect(page.getByLabel('Authentication')).toHaveValue('stored-key');
  await expect(page.getByText('a key is stored')).toBeVisible();
  await expect(page.getByLabel('Private key')).toHaveValue('');
  await expect(page.getByLabel('Private key')).toHaveAccessibleDescription(/keep the stored key/);
  await expect(page.getByLabel('Tags')).toHaveValue('ssd, fra1');
  await page.getByLabel('Location').fill('Frankfurt, rack 12');
  await page.getByLabel('Tags').fill('ssd, fra1, new');
  // The node's own poll interval: checked by the server, its message next to the field.
  const interval = page.getByLabel('Poll interval (seconds)');
  await expect(interval).toHaveValue('');
  await expect(interval).toHaveAccessibleDescription(/Empty = the fleet default \(3 s\)/);
  await interval.fill('2');
  await page.getByRole('button', { name: 'Save node' }).click();
  await expect(interval).toHaveAttribute('aria-invalid', 'true');
  await expect(interval).toHaveAccessibleDescription(/5–3600 s, or empty for the fleet default/);
  await interval.fill('60');
  await page.getByRole('button', { name: 'Save node' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Node manage-node saved.' })).toBeVisible();
  await expect(row).toContainText('Frankfurt, rack 12');
  await expect(row).toContainText('new');
  await expect(row).toContainText('polled every 60 s');
  expect((await api.node.list.query()).find((n) => n.name === 'manage-node')?.pollIntervalS).toBe(60);

  await row.getByRole('button', { name: 'Remove' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm removal of manage-node' });
  await expect(confirm).toContainText('Remove manage-node and all its history?');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Remove' }).click();
  await confirm.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(page.getByRole('link', { name: 'manage-node', exact: true })).toHaveCount(0);
  expect(dialogs).toBe(0);
});
