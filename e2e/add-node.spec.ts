import { expect, test } from '@playwright/test';
import { readFleet } from './helpers/fleet';

test('a new node: add it, accept its host key, and see its containers and beancounters', async ({ page }) => {
  const fleet = readFleet();
  const sim = fleet.nodes[0]!;
  const name = 'journey-node';

  await page.goto('/nodes');
  await page.getByRole('button', { name: 'Add node' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Host', { exact: true }).fill(sim.host);
  await page.getByLabel('SSH port').fill(String(sim.port));
  await page.getByLabel('SSH user').fill(sim.user);
  await page.getByLabel('Authentication').selectOption('key-file');
  await page.getByLabel('Key file path').fill(fleet.clientKeyPath);
  await page.getByRole('button', { name: 'Save node' }).click();

  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(row).toContainText(`${sim.host}:${sim.port}`);
  await row.getByRole('button', { name: 'Test connection' }).click();

  // First contact: the fingerprint the node presents is shown, exactly, for a person to compare.
  await expect(page.getByText('New host key.')).toBeVisible();
  await expect(page.getByText(sim.hostKeyFingerprint, { exact: true })).toBeVisible();
  await expect(page.getByText('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub')).toBeVisible();
  await page.getByRole('button', { name: 'Accept fingerprint' }).click();
  await page.getByRole('link', { name: 'Open the node page' }).click();

  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const cts = page.getByRole('table', { name: 'Containers' });
  for (const ctId of sim.ctIds) {
    await expect(cts.getByRole('link', { name: ctId, exact: true })).toBeVisible({ timeout: 20_000 });
  }
  await expect(page.getByText('Node power', { exact: true })).toBeVisible();

  // Filter and sort without a reload.
  const filter = page.getByLabel('Filter containers');
  await filter.fill(sim.ctIds[1]!);
  await expect(cts.getByRole('link')).toHaveCount(1);
  await filter.fill('');
  await expect(cts.getByRole('link')).toHaveCount(sim.ctIds.length);
  await cts.getByRole('button', { name: 'failcnt' }).click();
  await expect(cts.getByRole('columnheader', { name: 'failcnt' })).toHaveAttribute('aria-sort', 'descending');

  const ctId = sim.runningCtIds[0]!;
  await cts.getByRole('link', { name: ctId, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `CT ${ctId}` })).toBeVisible();
  const bc = page.getByRole('table', { name: 'Beancounters' });
  const privvm = bc.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'privvmpages', exact: true }) });
  const numproc = bc.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'numproc', exact: true }) });
  await expect(privvm).toHaveCount(1);
  await expect(numproc).toHaveCount(1);
  await expect(privvm.getByRole('cell').first()).toHaveText(/^\d+\s*[\d.]+ MiB$/);
  await expect(numproc.getByRole('cell').first()).toHaveText(/^\d+$/);
  // Unlimited barriers/limits (LONG_MAX in the kernel) read as ∞, never as a huge number.
  await expect(bc.getByText('∞').first()).toBeVisible();
  await expect(bc).not.toContainText('9223372036854775807');
});

test('the node form shows field errors for a bad host and port and saves nothing', async ({ page }) => {
  await page.goto('/nodes');
  await page.getByRole('button', { name: 'Add node' }).click();
  await page.getByLabel('Name', { exact: true }).fill('bad-input-node');
  await page.getByLabel('Host', { exact: true }).fill('-oProxyCommand=x');
  await page.getByLabel('SSH port').fill('70000');
  await page.getByLabel('Key file path').fill('/nonexistent/key');
  await page.getByRole('button', { name: 'Save node' }).click();

  const host = page.getByLabel('Host', { exact: true });
  const port = page.getByLabel('SSH port');
  await expect(host).toHaveAttribute('aria-invalid', 'true');
  await expect(host).toHaveAccessibleDescription(/a host name \(letters, digits, dots, dashes\) or an IP address/);
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  await expect(port).toHaveAccessibleDescription(/1–65535/);
  await expect(page.getByLabel('Name', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');

  await page.goto('/nodes');
  await expect(page.getByRole('table').or(page.getByText('No nodes yet'))).toBeVisible();
  await expect(page.getByRole('link', { name: 'bad-input-node' })).toHaveCount(0);
});
