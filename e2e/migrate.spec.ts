import { expect, test, type Locator } from '@playwright/test';
import { readFleet } from './helpers/fleet';
import { addSimNode } from './helpers/nodes';
import { apiClient } from './helpers/trpc';

/** A radio and its label text on one row (vertical centres within 6 px), the text just right of the box. */
async function expectBeside(radio: Locator, text: Locator) {
  const r = (await radio.boundingBox())!;
  const t = (await text.boundingBox())!;
  expect(Math.abs(r.y + r.height / 2 - (t.y + t.height / 2))).toBeLessThan(6);
  const gap = t.x - (r.x + r.width);
  expect(gap).toBeGreaterThanOrEqual(0);
  expect(gap).toBeLessThan(16);
}

/** The first of `ctIds` whose ranked targets say `target` fits (live). */
async function findPlaceableCt(api: ReturnType<typeof apiClient>, nodeId: number, target: string, ctIds: string[]): Promise<string> {
  for (const ctId of ctIds) {
    const ranked = await api.migration.targets.mutate({ ctId, nodeId, online: true });
    if (ranked.find((t) => t.name === target)?.fits) return ctId;
  }
  throw new Error(`no CT of node ${nodeId} fits on ${target} within the default placement limits`);
}

test('a live migration started in the browser shows its phases and ends with the CT on the target and the freeze time', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  const src = await addSimNode(api, fleet, 0, 'mig-src');
  const dst = await addSimNode(api, fleet, 1, 'mig-dst');
  const sim = fleet.nodes[0]!;
  // A CT the default placement limits let onto mig-dst: the simulated CTs are large for their nodes,
  // and a few of them would lift its promise past the fleet's (the dialog would say so).
  const ctId = await findPlaceableCt(api, src.id, 'mig-dst', sim.runningCtIds.filter((id) => id !== sim.busyCtId && id !== fleet.hostileCtId));

  await page.goto(`/nodes/${src.id}/ct/${ctId}`);
  await page.getByRole('button', { name: 'Migrate…' }).click();
  const dialog = page.getByRole('dialog', { name: `Migrate CT ${ctId}` });
  await expect(dialog.getByLabel('Online (live)')).toBeChecked();
  const targets = dialog.getByRole('table', { name: 'Target nodes' });
  await expect(targets.getByLabel('mig-dst')).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByLabel('Placement limits')).toContainText('memory in use ≤ 80 % of RAM + swap');

  // Each radio sits beside its own words, on the same row, and the mode is reachable by keyboard.
  await expectBeside(dialog.getByRole('radio', { name: 'Online (live)' }), dialog.getByText('Online (live)', { exact: true }));
  await expectBeside(dialog.getByRole('radio', { name: 'Offline (stop, move, start)' }), dialog.getByText('Offline (stop, move, start)', { exact: true }));
  await expectBeside(targets.getByRole('radio', { name: 'mig-dst' }), targets.getByText('mig-dst', { exact: true }));
  await dialog.getByRole('radio', { name: 'Online (live)' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(dialog.getByRole('radio', { name: 'Offline (stop, move, start)' })).toBeChecked();
  await page.keyboard.press('ArrowLeft');
  await expect(dialog.getByRole('radio', { name: 'Online (live)' })).toBeChecked();
  await expect(targets.getByLabel('mig-dst')).toBeVisible({ timeout: 30_000 });
  await targets.getByLabel('mig-dst').check();
  const checks = dialog.getByRole('list', { name: 'Pre-checks' });
  await expect(checks.getByRole('listitem')).toHaveCount(9, { timeout: 30_000 });
  await expect(checks.getByText('Source can SSH to the target: pass')).toBeVisible();
  await expect(checks.getByText('Checkpoint/restore modules: pass')).toBeVisible();
  await expect(checks.getByText(': fail')).toHaveCount(0);
  await expect(dialog.getByLabel('Source after the move')).toContainText('→');

  await dialog.getByRole('button', { name: 'Start migration' }).click();
  const progress = dialog.getByRole('region', { name: 'Migration progress' });
  const phases = progress.getByRole('list', { name: 'Phases' });
  await expect(phases.getByText('Syncing private')).toBeVisible({ timeout: 30_000 });
  await expect(progress.getByRole('status', { name: 'Outcome' })).toHaveText('succeeded', { timeout: 60_000 });
  await expect(phases.getByText('Live migrating container...')).toBeVisible();
  await expect(progress.getByLabel('Freeze time')).toHaveText(/^(\d+\.\d\d s|\d+ min \d+ s)$/);

  // The inventory shows the CT on the target at once.
  await progress.getByRole('link', { name: `CT ${ctId} on mig-dst` }).click();
  await expect(page).toHaveURL(new RegExp(`/nodes/${dst.id}/ct/${ctId}$`));
  await expect(page.getByRole('heading', { name: `CT ${ctId}`, level: 1 })).toBeVisible();

  // History: who, from, to, freeze time, outcome; a reload of the job page replays the same phases.
  await page.goto('/migrations');
  const row = page.getByRole('table', { name: 'Migration history' }).getByRole('row').filter({ hasText: 'mig-src' }).filter({ hasText: ctId });
  await expect(row).toContainText('mig-dst');
  await expect(row).toContainText('succeeded');
  await row.getByRole('link').click();
  await expect(page.getByRole('list', { name: 'Phases' }).getByText('Live migrating container...')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Full log' })).toBeVisible();
});

test('a failed pre-check keeps Start disabled until an override reason is written; vzmigrate\'s refusal ends as failed, CT still on the source', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  // The same simulated node under a second name: the CT id is taken on that "target".
  const src = await addSimNode(api, fleet, 1, 'dup-src');
  await addSimNode(api, fleet, 1, 'dup-alias');
  const sim = fleet.nodes[1]!;
  const ctId = sim.runningCtIds.find((id) => id !== sim.busyCtId)!;

  await page.goto(`/nodes/${src.id}`);
  await page.getByLabel('Migrate container').selectOption(ctId);
  await page.getByRole('button', { name: 'Migrate…' }).click();
  const dialog = page.getByRole('dialog', { name: `Migrate CT ${ctId}` });
  await dialog.getByRole('table', { name: 'Target nodes' }).getByLabel('dup-alias').check();
  const checks = dialog.getByRole('list', { name: 'Pre-checks' });
  await expect(checks.getByText(`CT ${ctId} free on the target: fail — CT ${ctId} already exists on dup-alias`)).toBeVisible({ timeout: 30_000 });
  const startButton = dialog.getByRole('button', { name: 'Start migration' });
  await expect(startButton).toBeDisabled();
  await dialog.getByLabel(/Override reason/).fill('testing the failure path on purpose');
  await expect(startButton).toBeEnabled();
  await startButton.click();
  const progress = dialog.getByRole('region', { name: 'Migration progress' });
  await expect(progress.getByRole('status', { name: 'Outcome' })).toHaveText('failed', { timeout: 60_000 });
  await expect(progress.getByLabel('Error')).toHaveText(`CT #${ctId} already exists on destination node`);
  await expect(progress.getByRole('link', { name: `CT ${ctId} on dup-src` })).toBeVisible();
});

test('pre-checks cannot be set off by a GET or a huge batch: they are mutations and a batch holds at most 10 calls', async ({ page, baseURL }) => {
  const input = encodeURIComponent(JSON.stringify({ json: { ctId: '101', sourceNodeId: 1, targetNodeId: 2, online: true } }));
  // Signed in as the admin (the page's cookies): a link or an image tag would send exactly this.
  const get = await page.request.get(`/api/trpc/migration.precheck?input=${input}`);
  expect(get.status()).toBe(405);
  const ranked = await page.request.get(`/api/trpc/migration.targets?input=${encodeURIComponent(JSON.stringify({ json: { ctId: '101', nodeId: 1 } }))}`);
  expect(ranked.status()).toBe(405);
  const body = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [i, { json: { ctId: '101', sourceNodeId: 1, targetNodeId: 2, online: true } }]));
  const batch = await page.request.post(`/api/trpc/${Array(11).fill('migration.precheck').join(',')}?batch=1`, { data: body, headers: { origin: baseURL! } });
  expect(batch.status()).toBe(400);
});

test('an admin records a node\'s real capacity; a node claiming more is flagged on its page and in the target list', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  const src = await addSimNode(api, fleet, 0, 'cap-src');
  const dst = await addSimNode(api, fleet, 1, 'cap-dst');

  await page.goto(`/nodes/${dst.id}`);
  const capacity = page.getByRole('region', { name: 'Recorded capacity' });
  await capacity.getByRole('button', { name: 'Record capacity…' }).click();
  const form = capacity.getByRole('form', { name: 'Record capacity' });
  await form.getByLabel('RAM (GiB)').fill('1');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(capacity.getByRole('alert')).toContainText('the node reports more RAM than its recorded capacity');
  await expect(capacity).toContainText('recorded by');

  const ctId = (await api.container.listByNode.query({ nodeId: src.id })).find((c) => c.status === 'running')!.ctId;
  await page.goto(`/nodes/${src.id}/ct/${ctId}`);
  await page.getByRole('button', { name: 'Migrate…' }).click();
  const dialog = page.getByRole('dialog', { name: `Migrate CT ${ctId}` });
  const row = dialog.getByRole('table', { name: 'Target nodes' }).getByRole('row').filter({ hasText: 'cap-dst' });
  await expect(row.getByRole('note')).toHaveText('the node reports more RAM than its recorded capacity', { timeout: 30_000 });
});

test('an evacuation plan is approved by its id and each move is checked again: a target gone into maintenance meanwhile stops it, nothing is queued', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  const src = await addSimNode(api, fleet, 0, 'evac-src');
  await page.goto(`/nodes/${src.id}`);
  const panel = page.getByRole('region', { name: 'Maintenance and evacuation' });
  await panel.getByRole('button', { name: 'Plan evacuation' }).click();
  await expect(panel.getByRole('table', { name: 'Planned moves' })).toBeVisible({ timeout: 60_000 });
  // Meanwhile every possible target goes into maintenance (as another operator might do).
  const others = (await api.node.list.query()).filter((n) => n.id !== src.id);
  try {
    for (const n of others) await api.migration.setMaintenance.mutate({ nodeId: n.id, on: true, reason: 'e2e' });
    await panel.getByRole('button', { name: 'Approve and run' }).click();
    await expect(panel.getByRole('alert').filter({ hasText: 'the target node is in maintenance' })).toBeVisible({ timeout: 60_000 });
    expect((await api.migration.list.query({ nodeId: src.id })).filter((j) => j.planId !== null)).toEqual([]);
    expect((await api.migration.maintenance.query()).map((m) => m.nodeId)).not.toContain(src.id);
  } finally {
    for (const n of others) await api.migration.setMaintenance.mutate({ nodeId: n.id, on: false });
  }
});
