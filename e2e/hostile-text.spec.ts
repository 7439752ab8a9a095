import { expect, test, type Page } from '@playwright/test';
import { readFleet } from './helpers/fleet';
import { addSimNode } from './helpers/nodes';
import { apiClient } from './helpers/trpc';

/** What a customer may type as a hostname inside their CT: markup, spaces and Cyrillic, kept literally. */
const CT_HOSTNAME = '<img src=x onerror=alert(1)> и пробелы';
/** …and as its name and description (vzctl set --name / --description, often from a panel). */
const CT_NAME = 'Магазин "Ромашка" <b>скидки</b>';
const CT_DESCRIPTION = 'tab\there <script>alert(7)</script> 🚀';
/** What a colleague may paste into a node's notes. */
const NODE_NOTE = '<img src=x onerror=alert(6)> <b>rack 7</b>';

/** Nothing from the page's text became an element, and no script ran. */
async function expectInert(page: Page, dialogs: () => number) {
  await expect(page.locator('img')).toHaveCount(0);
  await expect(page.locator('main b')).toHaveCount(0);
  await expect(page.locator('main script')).toHaveCount(0);
  expect(dialogs()).toBe(0);
}

test('markup, spaces and Cyrillic in a CT hostname, name and description and a node note are shown as text in the table, filter, chart, tooltip, container page, wall, lookup card and copied verdict', async ({ page, context, baseURL }) => {
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  const sim = fleet.nodes[1]!;
  const ct = sim.containers.find((c) => c.status === 'running' && c.ctId !== sim.busyCtId)!;
  // The customer sets the hostname inside the CT; the simulated node reports it from then on.
  const body = { hostname: CT_HOSTNAME, name: CT_NAME, description: CT_DESCRIPTION };
  const res = await fetch(`${fleet.controlUrl}/nodes/1/cts/${ct.ctId}`, { method: 'PATCH', body: JSON.stringify(body) });
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
  await expect(row.getByText(CT_NAME, { exact: true })).toBeVisible();
  // The node's container filter finds it by a word of its hostname and by its name.
  await page.getByLabel('Filter containers').fill('пробелы');
  await expect(page.getByRole('row').filter({ hasText: CT_HOSTNAME })).toHaveCount(1);
  await page.getByLabel('Filter containers').fill('Ромашка');
  await expect(page.getByRole('row').filter({ hasText: CT_HOSTNAME })).toHaveCount(1);
  await page.getByLabel('Filter containers').fill('');
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
  const info = page.locator('dl.ct-info');
  await expect(info.locator('dt:text-is("Name") + dd')).toHaveText(CT_NAME);
  // Tabs and runs of spaces stay as they are (white-space: pre-wrap), not collapsed.
  expect(await info.locator('dt:text-is("Description") + dd .free-text').textContent()).toBe(CT_DESCRIPTION);
  await expectInert(page, () => dialogs);

  // The wall shows the fleet with nothing of this turned into markup.
  await page.goto('/wall');
  // The wall turns its pages by itself (every 12 s) when the fleet the earlier specs left does not
  // fit; the node, healthy and so listed last, may be on a later page: wait for its turn.
  await expect(page.getByRole('listitem').filter({ hasText: 'hostile-text' })).toBeVisible({ timeout: 40_000 });
  await expectInert(page, () => dialogs);

  // Support desk: the card and the text copied into the ticket.
  await page.goto(`/lookup?q=${encodeURIComponent('и пробелы')}`);
  const card = page.getByRole('article').filter({ hasText: 'node hostile-text' });
  await expect(card.getByText(CT_HOSTNAME, { exact: true })).toBeVisible();
  await expect(card.getByText(CT_NAME, { exact: true })).toBeVisible();
  await card.getByRole('button', { name: 'Copy for the ticket' }).click();
  await expect(card.getByRole('status')).toContainText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(`CT ${ct.ctId} (${CT_HOSTNAME}) on node hostile-text`);
  await expectInert(page, () => dialogs);
});

test('a CT whose vzlist fields cannot be read is marked with its raw text; its node is degraded, not failed, and its other CTs are shown', async ({ page, baseURL }) => {
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  const sim = fleet.nodes[1]!;
  const nodes = await api.node.list.query();
  const node = nodes.find((n) => n.name === 'hostile-text')!;
  const ct = sim.containers.filter((c) => c.status === 'running' && c.ctId !== sim.busyCtId).at(-1)!;
  const patch = (description: unknown) =>
    fetch(`${fleet.controlUrl}/nodes/1/cts/${ct.ctId}`, { method: 'PATCH', body: JSON.stringify({ description }) });
  // A newline inside a value: the one thing that breaks vzlist's line layout.
  expect((await patch({ base64: Buffer.from('first line\n    "forged": "<img src=x onerror=alert(3)>').toString('base64') })).status).toBe(200);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  try {
    await api.node.collectNow.mutate({ id: node.id });
    await page.goto(`/nodes/${node.id}`);
    await expect(page.getByRole('status').filter({ hasText: `CT ${ct.ctId}: fields unreadable` })).toBeVisible();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: ct.ctId, exact: true }) });
    await expect(row.getByText('fields unreadable', { exact: true })).toBeVisible();
    // Every other CT of the node is listed with its figures.
    await expect(page.getByRole('row').filter({ has: page.getByRole('link', { name: sim.busyCtId, exact: true }) })).toBeVisible();
    await row.getByRole('link', { name: ct.ctId, exact: true }).click();
    await expect(page.locator('pre.offending-line')).toContainText('"forged": "<img src=x onerror=alert(3)>');
    await expectInert(page, () => dialogs);
  } finally {
    await patch(null);
    await api.node.collectNow.mutate({ id: node.id });
  }
});
