import { expect, test } from '@playwright/test';
import { E2E_PASSWORD, E2E_USERS } from './helpers/accounts';
import { apiClient } from './helpers/trpc';

const HOSTILE_EMAIL = '<img/src=x/onerror=alert(1)>@x.test';

test('login: signed-out people land on the login page; a wrong password is refused and recorded; the right one opens the page asked for', async ({ page, baseURL }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto('/nodes');
  await expect(page).toHaveURL(/\/login\?next=%2Fnodes$/);
  // The one-time setup page is gone once an account exists.
  expect((await page.request.get('/setup')).status()).toBe(404);

  await page.getByLabel('E-mail').fill(E2E_USERS.operator.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong e-mail or password.');

  // Markup as an e-mail: it ends up in the audit log, which must show it as text.
  await page.getByLabel('E-mail').fill(HOSTILE_EMAIL);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong e-mail or password.');

  await page.getByLabel('E-mail').fill(E2E_USERS.operator.email);
  await page.getByLabel('Password').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/nodes$/);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0); // operators do not administer

  const session = (await page.context().cookies()).find((c) => c.name.endsWith('session_token'))!;
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

  const audit = await apiClient(baseURL!).audit.list.query({ q: E2E_USERS.operator.email, limit: 10 });
  expect(audit.filter((r) => r.action === 'auth.sign-in').map((r) => r.result).slice(0, 2)).toEqual(['ok', 'denied']);
  expect(audit[0]!.ip).toBeTruthy();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  expect(dialogs).toBe(0);
});

test('pages carry a nonce CSP without unsafe-inline scripts, no framing, and a referrer policy', async ({ page }) => {
  const res = await page.goto('/login');
  const h = res!.headers();
  const csp = h['content-security-policy']!;
  const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'))!;
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(scriptSrc).not.toContain('unsafe-inline');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['referrer-policy']).toBe('same-origin');
  expect(h['x-content-type-options']).toBe('nosniff');
  // The page works under that policy: the form is interactive.
  await page.getByLabel('E-mail').fill('x');
  await expect(page.getByLabel('E-mail')).toHaveValue('x');
});

test('the admin sees hostile text in the audit log as text, and exports it as formula-safe CSV', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ storageState: process.env.VZFLEET_E2E_DIR + '/state-admin.json' });
  const page = await context.newPage();
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  // A failed sign-in with a formula as the e-mail.
  await fetch(`${baseURL}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: baseURL! }, body: JSON.stringify({ email: '=HYPERLINK("http://evil")', password: 'x' }) });
  await fetch(`${baseURL}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: baseURL! }, body: JSON.stringify({ email: HOSTILE_EMAIL, password: 'x' }) });
  await page.goto('/admin');
  const log = page.getByRole('table', { name: 'Audit log' });
  await page.getByLabel('Filter').fill('onerror');
  await expect(log.getByText(HOSTILE_EMAIL, { exact: true }).first()).toBeVisible();
  await expect(page.locator('main img')).toHaveCount(0);
  await page.getByLabel('Filter').fill('HYPERLINK');
  await expect(log.getByRole('row')).toHaveCount(2);
  const csv = await (await page.request.get('/api/audit/export?q=HYPERLINK')).text();
  // (sign-in e-mails are recorded lower-cased)
  expect(csv.toLowerCase()).toContain(`"'=hyperlink(""http://evil"")"`);
  expect(csv).not.toMatch(/(^|,)"=/m);
  expect(dialogs).toBe(0);
  await context.close();
});
