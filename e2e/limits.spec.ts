import { expect, test } from '@playwright/test';
import { readFleet } from './helpers/fleet';
import { addSimNode } from './helpers/nodes';
import { apiClient } from './helpers/trpc';

test('from a CT hitting privvmpages: follow the suggestion, see the what-if, apply, and the new barrier after the next poll', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  // Node 0 is always a legacy node: its busy CT keeps running into privvmpages and numproc.
  const sim = fleet.nodes[0]!;
  const ctId = sim.busyCtId;
  const hostname = sim.containers.find((c) => c.ctId === ctId)!.hostname;
  const node = await addSimNode(api, fleet, 0, 'limits-node');
  // The verdict (what the support desk reads) says it hits its own limits, privvmpages among them.
  await expect
    .poll(async () => (await api.lookup.search.query({ q: hostname })).results.find((r) => r.nodeId === node.id)?.verdict, { timeout: 40_000 })
    .toMatchObject({ kind: 'own-limits', evidence: expect.arrayContaining([expect.stringMatching(/^privvmpages/)]) });
  // A raise is suggested from refusals seen between polls (or a recent peak in the history), not
  // from the failcnt the CT already had when the node was added: wait for the polls to see one.
  await expect
    .poll(async () => (await api.limit.suggest.query({ nodeId: node.id, ctId })).suggestions.map((s) => s.resource), { timeout: 60_000 })
    .toContain('privvmpages');
  const { current } = await api.limit.suggest.query({ nodeId: node.id, ctId });
  const original = current.ubc.privvmpages!;

  try {
    await page.goto(`/nodes/${node.id}/ct/${ctId}`);
    const suggestion = page.getByRole('list', { name: 'Suggested limit raises' }).getByRole('listitem').filter({ hasText: 'Raise privvmpages' });
    await expect(suggestion).toContainText(/Node cost: alloc limit [\d.]+ % → [\d.]+ %/);
    await suggestion.getByRole('button', { name: 'Open in the limit editor' }).click();

    const editor = page.getByRole('region', { name: `Change a limit of CT ${ctId}` });
    await expect(editor.getByLabel('Parameter')).toHaveValue('privvmpages');
    const barrierMiB = Number(await editor.getByLabel('Barrier (MiB)').inputValue());
    expect(barrierMiB).toBeGreaterThan((original.barrier! * 4096) / 2 ** 20);
    const whatIf = editor.getByRole('table', { name: 'What this change does' });
    await expect(whatIf.getByRole('row', { name: /Node alloc limit/ })).toContainText(/[\d.]+ %.*[\d.]+ %/);
    await expect(whatIf.getByRole('row', { name: /Recent peak of privvmpages/ })).toBeVisible();
    // Old inconsistencies of the CT's config may be listed; nothing about this change is refused.
    await expect(editor.getByText('Not allowed:')).toHaveCount(0);
    await expect(editor.getByRole('button', { name: 'Apply' })).toBeEnabled();
    await editor.getByRole('button', { name: 'Apply' }).click();
    await expect(editor).toHaveCount(0);

    // The next poll (every 3 s here) shows the new barrier: the change is confirmed, the table reads it.
    const changes = page.getByRole('table', { name: 'Limit changes (30 days)' });
    const row = changes.getByRole('row').filter({ hasText: 'privvmpages' }).first();
    await expect(row).toContainText('confirmed by the node', { timeout: 30_000 });
    await expect(row).toContainText(`${barrierMiB} MiB`);
    const bc = page.getByRole('table', { name: 'Beancounters' }).getByRole('row').filter({ hasText: /^privvmpages/ });
    await expect(bc).toContainText(`${barrierMiB} MiB`, { timeout: 30_000 });
  } finally {
    // Leave the shared simulated node as the other specs expect it.
    await api.limit.set.mutate({ nodeId: node.id, ctId, change: { param: 'privvmpages', barrier: original.barrier, limit: original.limit } });
  }
});
