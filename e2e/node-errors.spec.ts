import { expect, test, type Page } from '@playwright/test';
import { readFleet } from './helpers/fleet';
import { apiClient } from './helpers/trpc';

/** A well-formed fingerprint no simulated node has. */
const OTHER_FINGERPRINT = 'SHA256:' + 'Q'.repeat(43);

async function openNode(page: Page, id: number) {
  await page.goto(`/nodes/${id}`);
}

test('each broken node says what is wrong on its own page, while the healthy node keeps its containers', async ({ page, baseURL }) => {
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  const good = fleet.nodes[1]!;
  const garbled = fleet.nodes[fleet.garbledIndex]!;
  const base = { sshUser: 'root', authMethod: 'key-file' as const, keyFile: fleet.clientKeyPath };

  const healthy = await api.node.create.mutate({ ...base, name: 'err-healthy', host: good.host, port: good.port, hostKeyFingerprint: good.hostKeyFingerprint });
  const wrongKey = await api.node.create.mutate({
    ...base,
    name: 'err-wrong-key',
    host: good.host,
    port: good.port,
    keyFile: fleet.wrongKeyPath,
    hostKeyFingerprint: good.hostKeyFingerprint,
  });
  const silent = await api.node.create.mutate({
    ...base,
    name: 'err-silent',
    host: fleet.silent.host,
    port: fleet.silent.port,
    hostKeyFingerprint: OTHER_FINGERPRINT,
  });
  const changedKey = await api.node.create.mutate({ ...base, name: 'err-changed-key', host: good.host, port: good.port, hostKeyFingerprint: OTHER_FINGERPRINT });
  const garbledNode = await api.node.create.mutate({
    ...base,
    name: 'err-garbled',
    host: garbled.host,
    port: garbled.port,
    hostKeyFingerprint: garbled.hostKeyFingerprint,
  });
  // Poll everything now rather than waiting for the schedule.
  await Promise.all([healthy, wrongKey, silent, changedKey, garbledNode].map((n) => api.node.collectNow.mutate({ id: n.id })));

  await openNode(page, wrongKey.id);
  const authAlert = page.getByRole('alert').filter({ hasText: 'auth failed' });
  await expect(authAlert).toContainText('refused the key for user root');
  await expect(authAlert).toContainText('is the public key in ~root/.ssh/authorized_keys?');

  await openNode(page, silent.id);
  const timeoutAlert = page.getByRole('alert').filter({ hasText: 'timeout' });
  await expect(timeoutAlert).toContainText(`${fleet.silent.host}:${fleet.silent.port} did not answer in time`);

  await openNode(page, changedKey.id);
  const keyAlert = page.getByRole('alert').filter({ hasText: 'host key changed' });
  await expect(keyAlert).toContainText(OTHER_FINGERPRINT);
  await expect(keyAlert).toContainText(good.hostKeyFingerprint);
  await expect(keyAlert).toContainText('Accept the new key only if the node was reinstalled');

  await openNode(page, garbledNode.id);
  const parseAlert = page.getByRole('alert').filter({ hasText: 'unreadable output' });
  await expect(parseAlert).toBeVisible();
  // The offending line, verbatim, in a <pre>.
  await expect(parseAlert.locator('pre')).toContainText('kmemsize');
  await expect(page.getByText('No containers collected yet.')).toBeVisible();

  await openNode(page, healthy.id);
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  const cts = page.getByRole('table', { name: 'Containers' });
  for (const ctId of good.ctIds) await expect(cts.getByRole('link', { name: ctId, exact: true })).toBeVisible();
  await expect(page.getByText(/^Data from /)).toBeVisible();
  // What "old" means for this node: its poll interval (the e2e server polls every 3 s) and stale line.
  await expect(page.getByText('· polled every 3 s, stale after 30 s')).toBeVisible();
});

test('when a node that had data starts failing, its last data stays visible and is marked stale', async ({ page, baseURL }) => {
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  const sim = fleet.nodes[1]!;
  const values = { name: 'err-went-bad', host: sim.host, port: sim.port, sshUser: 'root', authMethod: 'key-file' as const, keyFile: fleet.clientKeyPath };
  const node = await api.node.create.mutate({ ...values, hostKeyFingerprint: sim.hostKeyFingerprint });
  expect((await api.node.collectNow.mutate({ id: node.id })).ok).toBe(true);

  await page.goto(`/nodes/${node.id}`);
  const cts = page.getByRole('table', { name: 'Containers' });
  await expect(cts.getByRole('link', { name: sim.ctIds[0]!, exact: true })).toBeVisible();

  // Pin another key, as if the node had been replaced: polling now fails.
  await api.node.update.mutate({ id: node.id, values: { ...values, hostKeyFingerprint: OTHER_FINGERPRINT } });
  await api.node.collectNow.mutate({ id: node.id });

  // The page refreshes by itself (no reload) and keeps the old figures under the alert, marked stale.
  await expect(page.getByRole('main').getByRole('alert').filter({ hasText: 'host key changed' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Stale data:')).toBeVisible();
  await expect(cts.getByRole('link', { name: sim.ctIds[0]!, exact: true })).toBeVisible();
  await expect(page.getByText('Node power', { exact: true })).toBeVisible();
});
