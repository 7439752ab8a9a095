import { expect, test } from '@playwright/test';
import { createNodeModel } from '../sim/model';
import { startOpenSshNode, type OpenSshNode } from '../server/ssh/testing/openssh-node';
import { renderFakeToolOutputs } from '../server/ssh/testing/sim-outputs';
import { apiClient } from './helpers/trpc';

/** What a chatty root profile on a real node prints for every command, markup included. */
const WELCOME = 'Welcome to <b>hn7</b> <img src=x onerror=alert(7)> — Example Hosting';
const LOCALE_WARNING = 'bash: warning: setlocale: LC_ALL: cannot change locale (de_DE.UTF-8)';

let node: OpenSshNode | null = null;
test.afterAll(async () => {
  await node?.stop();
});

test('a node behind Debian’s OpenSSH with a chatty profile is polled ok, its CTs listed, the noise noted once as text', async ({ page, baseURL }) => {
  const model = createNodeModel({ seed: 21, index: 0, ctsPerNode: 4, generation: 'legacy' });
  node = await startOpenSshNode({
    user: 'vzfleet-e2e',
    shell: '/bin/bash',
    outputs: renderFakeToolOutputs(model),
    chatty: { via: 'bashrc', stdout: WELCOME, stderr: 'mesg: ttyname failed: Inappropriate ioctl for device' },
    locale: 'de_DE.UTF-8',
  });
  const api = apiClient(baseURL!);
  const created = await api.node.create.mutate({
    name: 'real-openssh',
    host: node.host,
    port: node.port,
    sshUser: node.user,
    authMethod: 'key-file',
    keyFile: node.privateKeyPath,
    hostKeyFingerprint: node.hostKeyFingerprint,
  });
  // Two polls: the note must not grow with them. (stdout's lines, then stderr's: bash warns about
  // the locale before it reads .bashrc.)
  for (let i = 0; i < 2; i++) await api.node.collectNow.mutate({ id: created.id });

  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto(`/nodes/${created.id}`);
  // No health alert: the poll is ok (Next's hidden route announcer is a role=alert too, so by id).
  await expect(page.locator('#health-alert-title')).toHaveCount(0);
  const note = page.getByRole('note').filter({ hasText: "The node's shell prints text for every command" });
  await expect(note).toBeVisible();
  await expect(note.getByTestId('node-noise')).toHaveText([WELCOME, LOCALE_WARNING, 'mesg: ttyname failed: Inappropriate ioctl for device'].join('\n'));
  for (const ct of model.containers) {
    await expect(page.getByRole('row').filter({ has: page.getByRole('link', { name: ct.ctid, exact: true }) })).toContainText(ct.hostname);
  }
  await expect(page.locator('main img')).toHaveCount(0);
  await expect(page.locator('main pre b')).toHaveCount(0);
  expect(dialogs).toBe(0);
});
