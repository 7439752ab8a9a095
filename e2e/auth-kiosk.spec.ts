import { expect, test } from '@playwright/test';
import { storageStateFile } from './helpers/accounts';

test('kiosk: an admin makes a wall link; a TV opens it once and sees only the wall; revoking it ends that', async ({ browser }) => {
  const admin = await browser.newContext({ storageState: storageStateFile('admin') });
  const adminPage = await admin.newPage();
  await adminPage.goto('/admin');
  await adminPage.getByLabel('Screen name').fill('Ops room TV');
  await adminPage.getByRole('button', { name: 'Create wall link' }).click();
  const link = (await adminPage.getByLabel('Wall link').textContent())!;
  expect(link).toMatch(/\/kiosk\/[A-Za-z0-9_-]{43}$/);

  const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const screen = await tv.newPage();
  // Opening the link only shows a button (a link preview spends nothing); the click opens it.
  await screen.goto(link);
  await expect(screen.getByRole('heading', { name: 'Open the vzfleet wall on this screen' })).toBeVisible();
  expect((await tv.cookies()).find((c) => c.name === 'vzfleet.kiosk')).toBeUndefined();
  await screen.getByRole('button', { name: 'Open the wall here' }).click();
  await expect(screen).toHaveURL(/\/wall$/);
  await expect(screen.getByLabel('Clock')).toHaveText(/^\d\d:\d\d:\d\d$/);
  await expect(screen.getByRole('navigation')).toHaveCount(0);
  const cookie = (await tv.cookies()).find((c) => c.name === 'vzfleet.kiosk')!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

  // Limited to the wall view: other pages lead back to it, other data and every mutation are refused.
  await screen.goto('/nodes');
  await expect(screen).toHaveURL(/\/wall$/);
  await screen.goto('/admin');
  await expect(screen).toHaveURL(/\/wall$/);
  const statuses = await screen.evaluate(async () => {
    const q = (p: string) => fetch(`/api/trpc/${p}?batch=1&input=${encodeURIComponent(JSON.stringify({ '0': { json: null } }))}`).then((r) => r.status);
    const m = (p: string, input: unknown) =>
      fetch(`/api/trpc/${p}?batch=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ '0': { json: input } }) }).then((r) => r.status);
    return { overview: await q('fleet.overview'), nodes: await q('node.list'), users: await q('user.list'), create: await m('node.create', { name: 'x', host: '127.0.0.1', authMethod: 'agent' }), kiosk: await m('kiosk.create', { label: 'x' }) };
  });
  expect(statuses).toEqual({ overview: 200, nodes: 403, users: 403, create: 403, kiosk: 403 });

  // The link works once: a second device gets nothing.
  const other = await browser.newContext();
  const second = await other.newPage();
  await second.goto(link);
  await second.getByRole('button', { name: 'Open the wall here' }).click();
  await expect(second.getByText('This wall link is not valid')).toBeVisible();

  await adminPage.reload();
  await adminPage.getByRole('button', { name: 'Revoke Ops room TV' }).click();
  await expect(adminPage.getByRole('table', { name: 'Wall screens' }).getByRole('row').filter({ hasText: 'Ops room TV' })).toContainText('revoked');
  await screen.reload();
  await expect(screen).toHaveURL(/\/login$/);
  await Promise.all([admin.close(), tv.close(), other.close()]);
});
