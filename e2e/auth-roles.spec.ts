import { expect, test, type Browser } from '@playwright/test';
import { E2E_METRICS_TOKEN, E2E_PASSWORD, E2E_USERS, storageStateFile } from './helpers/accounts';
import { cookieHeader, signIn } from './helpers/sign-in';
import { apiClient } from './helpers/trpc';

async function as(browser: Browser, role: 'admin' | 'operator' | 'support') {
  return browser.newContext({ storageState: storageStateFile(role) });
}

/** A tRPC call from inside the page, as the browser app makes it (same origin, session cookie). */
async function callFromPage(page: import('@playwright/test').Page, path: string, input: unknown, mutation: boolean) {
  return page.evaluate(
    async ({ path, input, mutation }) => {
      const body = JSON.stringify({ '0': { json: input } });
      const res = mutation
        ? await fetch(`/api/trpc/${path}?batch=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        : await fetch(`/api/trpc/${path}?batch=1&input=${encodeURIComponent(body)}`);
      return res.status;
    },
    { path, input, mutation },
  );
}

test('role limits: support reads and looks up but cannot administer or change anything', async ({ browser }) => {
  const context = await as(browser, 'support');
  const page = await context.newPage();
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/lookup$/);
  await expect(page.getByLabel('Hostname, IP address or CT id')).toBeVisible();
  expect(await callFromPage(page, 'node.list', null, false)).toBe(200);
  expect(await callFromPage(page, 'node.create', { name: 'x', host: '127.0.0.1', authMethod: 'agent' }, true)).toBe(403);
  expect(await callFromPage(page, 'user.list', null, false)).toBe(403);
  expect(await callFromPage(page, 'kiosk.create', { label: 'sneaky' }, true)).toBe(403);
  await context.close();
});

test('role limits: an operator sees the fleet but not the admin pages, users or kiosk links', async ({ browser }) => {
  const context = await as(browser, 'operator');
  const page = await context.newPage();
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  expect(await callFromPage(page, 'fleet.overview', null, false)).toBe(200);
  expect(await callFromPage(page, 'node.remove', { id: 1 }, true)).toBe(403);
  expect(await callFromPage(page, 'audit.list', {}, false)).toBe(403);
  // Alarms: an operator acts on incidents but does not see the channels (their secrets go out of vzfleet).
  expect(await callFromPage(page, 'alarm.unacknowledged', null, false)).toBe(200);
  expect(await callFromPage(page, 'alarm.channels', null, false)).toBe(403);
  await page.goto('/alarms/channels');
  await expect(page).toHaveURL(/\/$/);
  await context.close();
});

test('without a session every API call is refused, and cross-site or form posts are refused even with one', async ({ baseURL }) => {
  const anon = apiClient(baseURL!, null);
  await expect(anon.node.list.query()).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
  await expect(anon.node.create.mutate({ name: 'x', host: '127.0.0.1', authMethod: 'agent' })).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
  const admin = cookieHeader(await signIn(baseURL!, E2E_USERS.admin.email));
  const body = JSON.stringify({ '0': { json: { label: 'csrf' } } });
  const evil = await fetch(`${baseURL}/api/trpc/kiosk.create?batch=1`, { method: 'POST', headers: { cookie: admin, origin: 'https://evil.example', 'content-type': 'application/json' }, body });
  expect(evil.status).toBe(403);
  const form = await fetch(`${baseURL}/api/trpc/kiosk.create?batch=1`, { method: 'POST', headers: { cookie: admin, origin: baseURL!, 'content-type': 'text/plain' }, body });
  expect(form.status).toBe(403);
  const metrics = await fetch(`${baseURL}/api/metrics`);
  expect(metrics.status).toBe(401); // fleet data needs the scrape token (VZFLEET_METRICS_TOKEN in playwright.config.ts)
  const scraped = await fetch(`${baseURL}/api/metrics`, { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
  expect(scraped.status).toBe(200);
});

test('revoking a person\'s sessions logs them out on their next request', async ({ browser, baseURL }) => {
  // Its own account, so the saved support session of the other specs stays valid.
  const email = `revoke-${Date.now()}@e2e.test`;
  await apiClient(baseURL!).user.create.mutate({ email, name: 'Revoke Me', password: E2E_PASSWORD, role: 'support' });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$|\/lookup$/);
  await page.goto('/lookup');
  await expect(page.getByLabel('Hostname, IP address or CT id')).toBeVisible();

  const admin = await as(browser, 'admin');
  const adminPage = await admin.newPage();
  await adminPage.goto('/admin');
  const row = adminPage.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: email });
  await row.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(adminPage.getByRole('status').filter({ hasText: /Ended [1-9]\d* session/ })).toBeVisible();

  expect(await callFromPage(page, 'lookup.search', { q: 'x' }, false)).toBe(401);
  await page.reload();
  await expect(page).toHaveURL(/\/login$/);
  await admin.close();
  await context.close();
});
