import { expect, test, type Page } from '@playwright/test';
import { readFleet } from './helpers/fleet';
import { addSimNode } from './helpers/nodes';
import { apiClient } from './helpers/trpc';

/** What a customer may type as a hostname inside their CT (no spaces: vzlist columns are space-separated). */
const CT_HOSTNAME = '<img/src=y/onerror=alert(5)>';
/** What a colleague may paste into a node's notes. */
const NODE_NOTE = '<img src=x onerror=alert(6)> <b>rack 7</b>';

/** Nothing from the page's text became an element, and no script ran. */
async function expectInert(page: Page, dialogs: () => number) {
  await expect(page.locator('img')).toHaveCount(0);
  await expect(page.locator('main b')).toHaveCount(0);
  expect(dialogs()).toBe(0);
}

test('markup in a CT hostname and a node note is shown as text in the table, chart, tooltip, lookup card and copied verdict', async ({ page, context, baseURL }) => {
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  const sim = fleet.nodes[1]!;
  const ct = sim.containers.find((c) => c.status === 'running' && c.ctId !== sim.busyCtId)!;
  // The customer sets the hostname inside the CT; the simulated node reports it from then on.
  const res = await fetch(`${fleet.controlUrl}/nodes/1/cts/${ct.ctId}`, { method: 'PATCH', body: JSON.stringify({ hostname: CT_HOSTNAME }) });
  expect(res.status).toBe(200);
  const node = await addSimNode(api, fleet, 1, 'hostile-text', { notes: NODE_NOTE });

  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);

  // Node page: the note, the containers table, the chart's table view and its tooltip.
  await page.goto(`/nodes/${node.id}`);
  await expect(page.getByRole('paragraph').filter({ hasText: /^Notes: / })).toHaveText(`Notes: ${NODE_NOTE}`);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: ct.ctId, exact: true }) });
  await expect(row.getByText(CT_HOSTNAME, { exact: true })).toBeVisible();
  const memChart = page.getByRole('figure', { name: 'Memory overcommit per container' });
  await memChart.getByText('Table view').click();
  await expect(memChart.getByRole('row').filter({ hasText: CT_HOSTNAME })).toBeVisible();
  const tip = memChart.locator('.chart-tooltip-sub');
  const bars = memChart.locator('.recharts-bar-rectangle');
  await expect(bars.first()).toBeVisible();
  let seen = false;
  for (let i = 0; i < (await bars.count()) && !seen; i++) {
    await bars.nth(i).hover({ force: true });
    seen = (await tip.textContent().catch(() => null)) === CT_HOSTNAME;
  }
  expect(seen, 'the tooltip of the CT’s bar names its hostname as text').toBe(true);
  await expectInert(page, () => dialogs);

  // Container page.
  await row.getByRole('link', { name: ct.ctId, exact: true }).click();
  await expect(page.getByRole('heading', { name: `CT ${ct.ctId}` })).toBeVisible();
  await expect(page.getByText(CT_HOSTNAME, { exact: true }).first()).toBeVisible();
  await expectInert(page, () => dialogs);

  // Support desk: the card and the text copied into the ticket.
  await page.goto(`/lookup?q=${encodeURIComponent('<img/src=y')}`);
  const card = page.getByRole('article').filter({ hasText: 'node hostile-text' });
  await expect(card.getByText(CT_HOSTNAME, { exact: true })).toBeVisible();
  await card.getByRole('button', { name: 'Copy for the ticket' }).click();
  await expect(card.getByRole('status')).toContainText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(`CT ${ct.ctId} (${CT_HOSTNAME}) on node hostile-text`);
  await expectInert(page, () => dialogs);
});
