import { expect, test } from '@playwright/test';
import { HOSTILE_HOSTNAME, readFleet } from './helpers/fleet';
import { addSimNode } from './helpers/nodes';
import { apiClient } from './helpers/trpc';
import zlib from 'node:zlib';
import { readAdminCookie } from './helpers/accounts';
import { sharedQueryOf } from '../server/api/shared-responses';
import { PRE_ENCODED_HEADER } from '../server/http/pre-encoded-pass';
import { rawRequest } from '../server/http/test-raw-request';
import { SHARED_READ_MS } from '../vocabulary/shared-read';

test('morning round: the fleet overview shows a failing container, and its node and container pages explain it', async ({ page, baseURL }) => {
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  const sim = fleet.nodes[0]!;
  const node = await addSimNode(api, fleet, 0, 'fleet-a', { location: 'fra1', tags: ['ssd'] });
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Fleet' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Nodes of the fleet' });
  const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'fleet-a', exact: true }) });
  await expect(row).toContainText('%');
  await expect(row).toContainText(/\d+ \/ \d+/);

  // The busy CT keeps hitting its barriers: within a few polls it is in "who is failing now".
  const failing = page.getByRole('list', { name: /Containers whose failcnt rose/ });
  const entry = failing.getByRole('listitem').filter({ has: page.getByRole('link', { name: `CT ${sim.busyCtId}`, exact: true }) }).filter({ hasText: 'fleet-a' });
  await expect(entry.first()).toBeVisible({ timeout: 40_000 });
  await expect(entry.first()).toContainText(/^\+\d+/);
  await expect(entry.first()).toContainText(/refusals? in \d+ poll/);
  // The list comes after the first screen; its card keeps its size, so the table below stays put.
  await page.reload();
  const nodesTitle = page.getByRole('heading', { level: 2, name: 'Nodes' });
  await expect(nodesTitle).toBeVisible();
  const nodesTitleAt = (await nodesTitle.boundingBox())!.y;
  await expect(entry.first()).toBeVisible();
  expect(Math.abs((await nodesTitle.boundingBox())!.y - nodesTitleAt)).toBeLessThan(24);

  // Search, filters and sort live in the URL: a reload (or a pasted link) shows the same view.
  await page.getByLabel('Search nodes').fill('fleet-a');
  await expect(page).toHaveURL(/[?&]q=fleet-a/);
  await expect(table.getByRole('row')).toHaveCount(2);
  await page.getByLabel('Location').selectOption('fra1');
  await expect(page).toHaveURL(/location=fra1/);
  await table.getByRole('button', { name: 'CPU guarantees' }).click();
  await expect(page).toHaveURL(/sort=cpu&dir=desc/);
  await page.getByLabel('Figure shown in the heat map').selectOption('cpu');
  await expect(page).toHaveURL(/fig=cpu/);
  await page.reload();
  await expect(page.getByLabel('Search nodes')).toHaveValue('fleet-a');
  await expect(page.getByLabel('Location')).toHaveValue('fra1');
  await expect(table.getByRole('columnheader', { name: 'CPU guarantees' })).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByRole('link', { name: /^fleet-a: \d+(\.\d)? %$/ })).toHaveCount(1);
  await page.getByLabel('Health').selectOption('unknown');
  await expect(table).toContainText('No node matches the filters.');
  await page.getByRole('button', { name: 'clear filters' }).click();
  await expect(page).not.toHaveURL(/q=|location=|level=/);

  // From the list to the container: its refusals are marked and listed with plain names.
  await page.getByLabel('Search nodes').fill('fleet-a');
  // The search reaches the URL after a debounce; clicking before it lands lets that replace() undo the navigation.
  await expect(page).toHaveURL(/q=fleet-a/);
  await entry.first().getByRole('link', { name: `CT ${sim.busyCtId}`, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: `CT ${sim.busyCtId}` })).toBeVisible();
  await expect(page.getByText(/\d+ refusals? in the last hour/).first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Beancounters' }).getByText(/\+\d+ in 1 h/).first()).toBeVisible();
  const timeline = page.getByRole('list', { name: 'failcnt increases, newest first' });
  await expect(timeline.getByRole('listitem').first()).toContainText(/refused/);
  await expect(page.getByText(/% of the node's power/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Disk quota' })).toContainText('GiB');
  // History (the minute buckets fill as the run goes on): a chart or an empty range, and the range in the URL.
  const history = page.getByRole('figure', { name: /held/ });
  await expect(history).toBeVisible();
  await page.getByRole('group', { name: 'History range' }).getByRole('button', { name: '7d' }).click();
  await expect(page).toHaveURL(/range=7d/);
  await expect(page.getByRole('group', { name: 'History range' }).getByRole('button', { name: '7d' })).toHaveAttribute('aria-pressed', 'true');

  // The node page: both charts, drawn as SVG, with their totals in words; the table's state in the URL.
  // Where the Containers heading is in every frame from the first one it is drawn in.
  await page.addInitScript(() => {
    const seen: number[] = [];
    (window as unknown as { ctsTitleYs: number[] }).ctsTitleYs = seen;
    const look = () => {
      const h = document.getElementById('cts-title');
      if (h) seen.push(h.getBoundingClientRect().top + window.scrollY);
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goto(`/nodes/${node.id}`);
  const ctsTitle = page.getByRole('heading', { level: 2, name: 'Containers' });
  await expect(ctsTitle).toBeVisible();
  // Its open alarms, above the table, come with the node in one request, so the page is drawn once
  // with them (a list that came later pushed the table down by its length as the user clicked).
  await expect(page.getByRole('region', { name: 'Open alarms' }).getByRole('listitem').first()).toBeVisible();
  const mem = page.getByRole('figure', { name: 'Memory overcommit per container' });
  const cpu = page.getByRole('figure', { name: 'CPU guarantees per container' });
  // The first node page of a run loads the chart code: on a busy 2-core CI machine that has taken over 10 s.
  await expect(mem.locator('svg.recharts-surface').first()).toBeVisible({ timeout: 30_000 });
  await expect(mem).toContainText(/Node totals \(vz\w+/);
  await expect(mem).toContainText('100 % of RAM + swap');
  await expect(cpu.locator('svg.recharts-surface').first()).toBeVisible();
  await expect(cpu).toContainText(/Committed: \d+(\.\d)? % of the node's power/);
  // The charts filled boxes of their own size: the table below did not jump as they came (it was
  // 314 px, enough to turn a click on a container into a click on a chart), nor as the alarms came.
  const ctsTitleYs = await page.evaluate(() => (window as unknown as { ctsTitleYs: number[] }).ctsTitleYs);
  expect(ctsTitleYs.length).toBeGreaterThan(0);
  expect(Math.max(...ctsTitleYs) - Math.min(...ctsTitleYs)).toBeLessThan(24);
  const cts = page.getByRole('table', { name: 'Containers' });
  await cts.getByRole('button', { name: 'alloc commit' }).click();
  await expect(page).toHaveURL(/sort=allocCommit&dir=desc/);
  await page.getByLabel('Filter containers').fill(sim.busyCtId);
  await expect(page).toHaveURL(new RegExp(`q=${sim.busyCtId}`));
  await page.reload();
  await expect(cts.getByRole('link')).toHaveCount(1);
  await expect(cts.getByRole('columnheader', { name: 'alloc commit' })).toHaveAttribute('aria-sort', 'descending');
  // Back from the container keeps the filtered, sorted table the user left.
  await cts.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: `CT ${sim.busyCtId}` })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`q=${sim.busyCtId}&sort=allocCommit&dir=desc`));
  await expect(page.getByLabel('Filter containers')).toHaveValue(sim.busyCtId);
  await expect(cts.getByRole('link')).toHaveCount(1);

  // A customer's hostname made of markup is shown as text, in the table and in the chart's table view.
  await page.getByLabel('Filter containers').fill('');
  await expect(cts.getByText(HOSTILE_HOSTNAME, { exact: true })).toBeVisible();
  await mem.getByText('Table view').click();
  await expect(mem.getByRole('table').getByText(HOSTILE_HOSTNAME, { exact: true })).toBeVisible();
  await expect(page.locator('img')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('the overview works on a phone and in the dark theme', async ({ page, baseURL }) => {
  const api = apiClient(baseURL!);
  if (!(await api.node.list.query()).some((n) => n.name === 'fleet-a')) await addSimNode(api, readFleet(), 0, 'fleet-a');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await expect(page.getByRole('table', { name: 'Nodes of the fleet' })).toBeVisible();
  await page.getByRole('button', { name: /Theme: system/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: /Theme: light/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // The choice is in the page as served: no script has to run before the first paint to apply it.
  const served = await (await page.request.get('/')).text();
  expect(served).toMatch(/<html[^>]*\sdata-theme="dark"/);
  expect(served).not.toContain('localStorage');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // Keyboard: the skip link is the first stop and leads to the content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
});

test('the header asks the server for a page when the pointer reaches its link, not on every page view', async ({ page, baseURL }) => {
  const api = apiClient(baseURL!);
  if (!(await api.node.list.query()).some((n) => n.name === 'fleet-a')) await addSimNode(api, readFleet(), 0, 'fleet-a');
  const prefetched: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.searchParams.has('_rsc')) prefetched.push(url.pathname);
  });
  await page.goto('/');
  await expect(page.getByRole('table', { name: 'Nodes of the fleet' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(prefetched).toEqual([]);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Migrations' }).hover();
  await expect.poll(() => prefetched).toContain('/migrations');
  expect(prefetched).not.toContain('/nodes');
  await nav.getByRole('link', { name: 'Nodes' }).click();
  await expect(page).toHaveURL(/\/nodes$/);
});

test('open screens share one answer: the overview asks for its data alone, and two asks within a second get the same read', async ({ page, baseURL }) => {
  const api = apiClient(baseURL!);
  if (!(await api.node.list.query()).some((n) => n.name === 'fleet-a')) await addSimNode(api, readFleet(), 0, 'fleet-a');
  const asked: Request[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/trpc/') && r.url().includes('fleet.overview')) asked.push(new Request(r.url(), { method: r.method(), headers: r.headers() }));
  });
  await page.goto('/');
  await expect(page.getByRole('table', { name: 'Nodes of the fleet' })).toBeVisible();
  await expect.poll(() => asked.length).toBeGreaterThan(0);
  // The browser's own request is one the server may share (not batched with the header's calls).
  for (const req of asked) expect(sharedQueryOf(req, '/api/trpc'), req.url).not.toBeNull();

  // Two viewers asking within the window get one read (the same nowMs); the server holds it 1 s.
  const readAt = async () => {
    const res = await page.request.get(asked[0]!.url);
    expect(res.status()).toBe(200);
    return ((await res.json()) as { result: { data: { json: { nowMs: number } } } }).result.data.json.nowMs;
  };
  let pairs = 0;
  for (let i = 0; i < 3 && pairs === 0; i++) {
    await page.waitForTimeout(1100); // past any window the page's own call opened
    const start = Date.now();
    const [a, b] = [await readAt(), await readAt()];
    if (Date.now() - start > SHARED_READ_MS / 2) continue; // too slow a machine to be sure both fell in one window
    expect(b).toBe(a);
    pairs++;
  }
  expect(pairs).toBe(1);

  // The window's answer goes out compressed by us, once, in the coding each viewer takes (Next
  // leaves it alone), and as plain JSON to one that takes none.
  const path = asked[0]!.url.slice(baseURL!.length);
  const raw = (encoding: string) => rawRequest(baseURL!, path, { cookie: readAdminCookie(), 'accept-encoding': encoding });
  const [br, gz, none] = [await raw('gzip, deflate, br, zstd'), await raw('gzip'), await raw('identity')];
  for (const r of [br, gz, none]) {
    expect(r.status).toBe(200);
    expect(r.headers[PRE_ENCODED_HEADER]).toBeUndefined();
  }
  expect(br.headers['content-encoding']).toBe('br');
  expect(br.headers.vary).toMatch(/accept-encoding/i);
  expect(gz.headers['content-encoding']).toBe('gzip');
  expect(none.headers['content-encoding']).toBeUndefined();
  for (const body of [zlib.brotliDecompressSync(br.body), zlib.gunzipSync(gz.body), none.body]) {
    expect(JSON.parse(body.toString('utf8')).result.data.json.nodes.length).toBeGreaterThan(0);
  }
});
