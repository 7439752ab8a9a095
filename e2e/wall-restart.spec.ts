import path from 'node:path';
import { expect, test } from '@playwright/test';
import { readFleet } from './helpers/fleet';
import { addSimNode } from './helpers/nodes';
import { ownServer } from './helpers/own-server';
import { E2E_PASSWORD, E2E_USERS } from './helpers/accounts';
import { cookieHeader, signIn } from './helpers/sign-in';
import { apiClient } from './helpers/trpc';

// Its own port: other checkouts run their suites on this machine at the same time.
const PORT = Number(process.env.VZFLEET_E2E_RESTART_PORT ?? 3290);

test('wall screen: survives a restart of the vzfleet server, says it lost it meanwhile, and recovers without a reload', async ({ page }) => {
  test.setTimeout(240_000);
  const fleet = readFleet();
  const server = ownServer({ port: PORT, dataDir: path.join(process.env.VZFLEET_E2E_DIR!, `restart-server-${Date.now()}`) });
  try {
    await server.start();
    // A server of its own starts with no account: its first admin, then a wall link, as on a new install.
    const setup = await fetch(`${server.url}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ ...E2E_USERS.admin, password: E2E_PASSWORD }),
    });
    expect(setup.status).toBe(201);
    const api = apiClient(server.url, cookieHeader(await signIn(server.url, E2E_USERS.admin.email)));
    await addSimNode(api, fleet, 1, 'restart-a');
    await addSimNode(api, fleet, 0, 'restart-b');
    const kiosk = await api.kiosk.create.mutate({ label: 'restart wall' });

    // The TV opens its link once; the link turns into a cookie and lands on the wall.
    await page.goto(`${server.url}${kiosk.path}`);
    await page.getByRole('button', { name: 'Open the wall here' }).click();
    await expect(page).toHaveURL(/\/wall/);
    // A mark on the page's window: a reload would wipe it.
    await page.evaluate(() => ((window as unknown as { vzfleetMark: number }).vzfleetMark = 42));
    const tiles = page.getByRole('list', { name: 'Nodes, worst first' }).getByRole('listitem');
    const age = page.getByLabel('Data age');
    const status = page.getByRole('status').filter({ hasText: /live|reconnecting|connecting/ });
    await expect(tiles.filter({ hasText: 'restart-a' })).toBeVisible();
    await expect(status).toHaveText('● live', { timeout: 30_000 });
    await expect(age).toHaveText(/^data \d s old$/, { timeout: 15_000 });

    // The server goes away: the last picture stays, the wall says it lost the server, the age grows.
    // It leaves cleanly and at once (server/shutdown.ts), not held open by the wall's live stream.
    const stopped = await server.stop();
    expect(stopped, server.output()).toEqual({ code: 143, ms: expect.any(Number) });
    expect(stopped!.ms).toBeLessThan(9_000);
    expect(server.output()).toMatch(/vzfleet: stopped in \d+ ms, [1-9]\d* history buckets? written\n/);
    const banner = page.getByRole('alert').filter({ hasText: 'Reconnecting to vzfleet' });
    await expect(banner).toBeVisible({ timeout: 30_000 });
    await expect(status).toHaveText(/reconnecting/);
    await expect(tiles.filter({ hasText: 'restart-a' })).toBeVisible();
    await expect(age).toHaveText(/^data (1\d|[2-9]\d) s old$|min/, { timeout: 30_000 });
    const before = await age.textContent();

    // Back again (same data directory, same port): fresh data arrives by itself.
    await server.start();
    await expect(banner).toBeHidden({ timeout: 45_000 });
    await expect(age).toHaveText(/^data \d s old$/, { timeout: 30_000 });
    expect(await age.textContent()).not.toBe(before);
    await expect(tiles.filter({ hasText: 'restart-a' })).toBeVisible();
    await expect(tiles.filter({ hasText: 'restart-b' })).toBeVisible();
    await expect(status).toHaveText('● live', { timeout: 45_000 });
    expect(await page.evaluate(() => (window as unknown as { vzfleetMark?: number }).vzfleetMark)).toBe(42);
  } catch (err) {
    test.info().attach('own-server.log', { body: server.output(), contentType: 'text/plain' }).catch(() => {});
    throw err;
  } finally {
    await server.stop();
  }
});
