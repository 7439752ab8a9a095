import { expect, test } from '@playwright/test';
import { readFleet } from './helpers/fleet';
import { addSimNode } from './helpers/nodes';
import { apiClient } from './helpers/trpc';

test('wall screen: tiles worst first, a running clock and the data age, and it recovers from a network loss by itself', async ({ page, baseURL }) => {
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  await addSimNode(api, fleet, 1, 'wall-ok');
  const down = await api.node.create.mutate({
    name: 'wall-down',
    host: fleet.silent.host,
    port: fleet.silent.port,
    sshUser: 'root',
    authMethod: 'key-file',
    keyFile: fleet.clientKeyPath,
    hostKeyFingerprint: 'SHA256:' + 'W'.repeat(43),
  });
  await api.node.collectNow.mutate({ id: down.id });

  // A 2560×1600 wall: the whole e2e fleet (every spec's nodes, worst first, under the open alarms) fits one page,
  // so the healthy tile stays in view while the test watches it.
  await page.setViewportSize({ width: 2560, height: 1600 });
  await page.goto('/wall');
  await expect(page.getByRole('navigation')).toHaveCount(0);
  const clock = page.getByLabel('Clock');
  await expect(clock).toHaveText(/^\d\d:\d\d:\d\d$/);
  const t0 = await clock.textContent();
  await expect(clock).not.toHaveText(t0!, { timeout: 3_000 });

  const tiles = page.getByRole('list', { name: 'Nodes, worst first' }).getByRole('listitem');
  await expect(tiles.filter({ hasText: 'wall-ok' })).toBeVisible();
  await expect(tiles.filter({ hasText: 'wall-down' })).toContainText(/not answering|unreachable/);
  await expect(tiles.first()).toHaveAttribute('data-level', 'bad');
  const age = page.getByLabel('Data age');
  await expect(age).toHaveText(/^data \d+ s old$/);
  await expect(page.getByRole('status').filter({ hasText: 'live' })).toBeVisible({ timeout: 15_000 });

  // The network goes away: the last picture stays, a banner says so, the age keeps counting.
  await page.route('**/api/trpc/**', (route) => route.abort('internetdisconnected'));
  const banner = page.getByRole('alert').filter({ hasText: 'Reconnecting to vzfleet' });
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await expect(tiles.filter({ hasText: 'wall-ok' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /reconnecting/ })).toBeVisible();

  // It comes back: no reload, no click.
  await page.unroute('**/api/trpc/**');
  await expect(banner).toBeHidden({ timeout: 20_000 });
  await expect(age).toHaveText(/^data \d s old$/, { timeout: 15_000 });
  await expect(tiles.filter({ hasText: 'wall-ok' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '● live' })).toBeVisible({ timeout: 30_000 });
});

test('wall screen: pages rotate by themselves when the fleet does not fit', async ({ page, baseURL }) => {
  // Its own nodes (run alone, the inventory may hold fewer): three tiles do not fit this screen.
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  const names = new Set((await api.node.list.query()).map((n) => n.name));
  for (const [i, name] of ['wall-rotate-1', 'wall-rotate-2', 'wall-rotate-3'].entries()) {
    if (!names.has(name)) await addSimNode(api, fleet, i % fleet.nodes.length, name);
  }
  await page.setViewportSize({ width: 720, height: 520 });
  await page.goto('/wall');
  const indicator = page.getByText(/^page \d+ \/ \d+$/);
  await expect(indicator).toHaveText(/^page 1 \/ ([2-9]|[1-9]\d+)$/);
  await expect(indicator).toHaveText(/^page 2 \//, { timeout: 20_000 });
});
