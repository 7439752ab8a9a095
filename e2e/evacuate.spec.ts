import { expect, test } from '@playwright/test';
import { readFleet } from './helpers/fleet';
import { addSimNode } from './helpers/nodes';
import { apiClient } from './helpers/trpc';

type Api = ReturnType<typeof apiClient>;

/** Waits until every job has ended; returns their statuses. */
async function waitForJobs(api: Api, jobIds: string[]): Promise<string[]> {
  await expect
    .poll(async () => (await Promise.all(jobIds.map((jobId) => api.migration.byId.query({ jobId })))).every((j) => j && !['queued', 'running', 'reconciling'].includes(j.status)), { timeout: 90_000, intervals: [1000] })
    .toBe(true);
  return (await Promise.all(jobIds.map((jobId) => api.migration.byId.query({ jobId })))).map((j) => j!.status);
}

/**
 * Maintenance day on the node page: plan the evacuation, approve it, watch the queue run, find the
 * CTs on their targets; then the rebalance suggestions on the migrations page. Runs at the default
 * placement limits. The simulated nodes are shared with later specs, so every CT goes home at the end.
 */
test('evacuating a node: plan → approve → queue → CTs on their targets; then rebalance suggests moves back onto the emptied node', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  const home = await addSimNode(api, fleet, 1, 'evac-b');
  const away = await addSimNode(api, fleet, 0, 'evac-a');
  // Only evac-a may take containers: earlier specs added the same simulated nodes under other names.
  const before = new Set((await api.migration.maintenance.query()).map((m) => m.nodeId));
  const parked = (await api.node.list.query()).filter((n) => n.id !== home.id && n.id !== away.id && !before.has(n.id));
  const moved: { ctId: string; online: boolean }[] = [];
  try {
    for (const n of parked) await api.migration.setMaintenance.mutate({ nodeId: n.id, on: true, reason: 'e2e: evacuate.spec' });

    await page.goto(`/nodes/${home.id}`);
    const panel = page.getByRole('region', { name: 'Maintenance and evacuation' });
    await panel.getByRole('button', { name: 'Plan evacuation' }).click();
    const table = panel.getByRole('table', { name: 'Planned moves' });
    await expect(table).toBeVisible({ timeout: 60_000 });
    await expect(panel.getByLabel('Placement limits')).toContainText('memory in use ≤ 80 % of RAM + swap');
    const rows = table.getByRole('row').filter({ has: page.getByRole('rowheader') });
    const count = await rows.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const row = rows.nth(i);
      await expect(row).toContainText('evac-b → evac-a');
      moved.push({ ctId: (await row.getByRole('rowheader').innerText()).trim(), online: (await row.getByRole('cell').nth(1).innerText()).trim() === 'online' });
    }
    // What did not fit is named with its reason, not squeezed in.
    const unplaced = panel.getByRole('alert', { name: 'Containers without a place' });
    if (await unplaced.isVisible()) await expect(unplaced).toContainText(/would be|not enough disk/);

    await panel.getByRole('button', { name: 'Approve and run' }).click();
    await expect(panel.getByText('in maintenance: no new placements, alarms muted')).toBeVisible({ timeout: 60_000 });
    const queue = panel.getByRole('list', { name: 'Migration plans' });
    await expect(queue).toContainText('evacuate plan', { timeout: 30_000 });
    await expect(queue).toContainText(`evacuate plan: done — ${count} of ${count} done`, { timeout: 120_000 });

    // Each planned CT is on evac-a now, in the inventory and on the page.
    const onTarget = async () => new Set((await api.container.listByNode.query({ nodeId: away.id })).map((c) => c.ctId));
    await expect.poll(async () => {
      const there = await onTarget();
      return moved.map((m) => m.ctId).filter((id) => !there.has(id));
    }, { timeout: 30_000 }).toEqual([]);
    await page.goto(`/nodes/${away.id}/ct/${moved[0]!.ctId}`);
    await expect(page.getByRole('heading', { name: `CT ${moved[0]!.ctId}`, level: 1 })).toBeVisible();

    // Rebalance: evac-b is empty and back in service; the suggestions move load onto it, within the limits.
    await api.migration.setMaintenance.mutate({ nodeId: home.id, on: false });
    await page.goto('/migrations');
    const rebalance = page.getByRole('region', { name: 'Rebalance' });
    await rebalance.getByRole('button', { name: 'Suggest moves' }).click();
    const suggested = rebalance.getByRole('table', { name: 'Planned moves' });
    await expect(suggested).toBeVisible({ timeout: 60_000 });
    await expect(rebalance.getByLabel('Placement limits')).toBeVisible();
    const suggestions = suggested.getByRole('row').filter({ has: page.getByRole('rowheader') });
    expect(await suggestions.count()).toBeGreaterThan(0);
    // Other specs' nodes share the fleet, so some moves may go elsewhere; the emptied node must be among the targets.
    await expect(suggestions.filter({ hasText: '→ evac-b' }).first()).toBeVisible();
    // Suggestions are only a proposal: nothing runs until someone approves.
    await expect(rebalance.getByRole('button', { name: 'Run these moves' })).toBeEnabled();
  } finally {
    // Home again, so later specs find the simulated CTs where fleet.json says they are.
    await api.migration.setMaintenance.mutate({ nodeId: home.id, on: false });
    const back: string[] = [];
    for (const m of moved) {
      const where = new Set((await api.container.listByNode.query({ nodeId: away.id })).map((c) => c.ctId));
      if (!where.has(m.ctId)) continue;
      back.push((await api.migration.start.mutate({ ctId: m.ctId, sourceNodeId: away.id, targetNodeId: home.id, online: m.online })).jobId);
    }
    const statuses = await waitForJobs(api, back);
    for (const n of parked) await api.migration.setMaintenance.mutate({ nodeId: n.id, on: false });
    expect(statuses.filter((s) => s !== 'succeeded')).toEqual([]);
  }
});
