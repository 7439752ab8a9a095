import { expect, test } from '@playwright/test';
import { HOSTILE_HOSTNAME, readFleet } from './helpers/fleet';
import { addSimNode } from './helpers/nodes';
import { apiClient } from './helpers/trpc';

const OTHER_FINGERPRINT = 'SHA256:' + 'R'.repeat(43);

test('support desk: a hostname or an IP gives a plain verdict with its evidence, ready to copy into the ticket', async ({ page, context, baseURL }) => {
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  const sim = fleet.nodes[1]!;
  const busy = sim.containers.find((c) => c.ctId === sim.busyCtId)!;
  const node = await addSimNode(api, fleet, 1, 'desk-node');
  // The busy CT's refusals need two polls to show as an increase; the collector polls every 3 s.
  await expect
    .poll(async () => (await api.lookup.search.query({ q: busy.hostname })).results.find((r) => r.nodeId === node.id)?.verdict.evidence[0], { timeout: 40_000 })
    .toMatch(/reached its limit/);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);

  await page.goto('/lookup');
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await expect(page.getByText('Paste what the customer wrote')).toBeVisible();
  const box = page.getByLabel('Hostname, IP address or CT id');
  await expect(box).toBeFocused();
  await box.fill(busy.hostname.slice(0, -3)); // part of it is enough
  await expect(page).toHaveURL(/\/lookup\?q=/);
  const card = page.getByRole('article').filter({ hasText: 'node desk-node' }).filter({ hasText: `CT ${busy.ctId}` });
  await expect(card.getByRole('heading', { name: 'Hitting its own limits' })).toBeVisible();
  await expect(card).toContainText('The plan is too small for what runs in it');
  await expect(card.locator('.verdict-message')).not.toContainText(/failcnt|numproc|privvmpages|physpages|barrier/);
  await expect(card.getByRole('listitem').first()).toContainText(/reached its limit (once|\d+ times) in the last hour/);
  await expect(card).toContainText('Reply to the customer');

  await card.getByRole('button', { name: 'Copy for the ticket' }).click();
  await expect(card.getByRole('status')).toContainText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(`CT ${busy.ctId} (${busy.hostname}) on node desk-node`);
  expect(copied).toMatch(/Hitting its own limits: /);
  expect(copied).toMatch(/- \w+ \([\w ]+\) reached its limit/);

  // By IP: a fragment finds it across the fleet, the whole address puts it first.
  const ip = busy.ips[0]!;
  const prefix = ip.slice(0, ip.lastIndexOf('.') + 1);
  await box.fill(prefix);
  await expect(page).toHaveURL(`/lookup?q=${encodeURIComponent(prefix)}`);
  await expect(page.getByRole('status').filter({ hasText: `“${prefix}”` })).toBeVisible();
  await expect(card).toBeVisible();
  await box.fill(ip);
  await expect(page).toHaveURL(`/lookup?q=${encodeURIComponent(ip)}`);
  await expect(page.getByRole('status').filter({ hasText: `“${ip}”` })).toBeVisible();
  await expect(page.getByRole('article').first()).toContainText(ip);
  await page.reload();
  await expect(box).toHaveValue(ip);
  await expect(card).toBeVisible();

  // Nothing found says what to try.
  await box.fill('no-such-host-anywhere');
  await expect(page.getByText(/Nothing matches “no-such-host-anywhere”/)).toBeVisible();
});

test('support desk: a node that stopped answering is an outage, and customer text stays text', async ({ page, baseURL }) => {
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  const sim = fleet.nodes[0]!;
  const values = { name: 'desk-outage', host: sim.host, port: sim.port, sshUser: 'root', authMethod: 'key-file' as const, keyFile: fleet.clientKeyPath };
  const node = await addSimNode(api, fleet, 0, values.name);
  await api.node.update.mutate({ id: node.id, values: { ...values, hostKeyFingerprint: OTHER_FINGERPRINT } });
  await api.node.collectNow.mutate({ id: node.id });
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });

  await page.goto(`/lookup?q=${encodeURIComponent('<img')}`);
  const card = page.getByRole('article').filter({ hasText: 'node desk-outage' });
  await expect(card.getByRole('heading', { name: 'Outage — not a customer problem' })).toBeVisible();
  await expect(card).toContainText(/No data for \d+ seconds? — the node’s SSH host key changed/);
  await expect(card).toContainText('Pass to the admins');
  await expect(card.getByText(HOSTILE_HOSTNAME, { exact: true })).toBeVisible();
  await expect(page.locator('img')).toHaveCount(0);

  // Where the clipboard is refused, the text is offered selected instead.
  await page.evaluate(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
  });
  await card.getByRole('button', { name: 'Copy for the ticket' }).click();
  const fallback = card.getByRole('textbox', { name: 'Verdict as text' });
  await expect(fallback).toBeVisible();
  await expect(fallback).toHaveValue(new RegExp(`\\(${HOSTILE_HOSTNAME.replace(/[()/]/g, '\\$&')}\\) on node desk-outage`));
  expect(dialogs).toBe(0);
});
