import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { applyCtFields } from '../sim/world/ct-fields';
import { createNodeModel } from '../sim/world/model';
import { buildForcedCommandWrapper } from '../server/ssh/forced-command';
import { startOpenSshNode, wrapperFromBeforeTheLoop, type OpenSshNode } from '../server/ssh/test-openssh-node';
import { renderFakeToolOutputs } from '../server/ssh/test-sim-outputs';
import { storageStateFile } from './helpers/accounts';
import { apiClient } from './helpers/trpc';

/** What a chatty root profile on a real node prints for every command, markup included. */
const WELCOME = 'Welcome to <b>hn7</b> <img src=x onerror=alert(7)> — Example Hosting';
const LOCALE_WARNING = 'bash: warning: setlocale: LC_ALL: cannot change locale (de_DE.UTF-8)';

/** The server reads key files only from its key directory (VZFLEET_KEY_DIR = the run's scratch dir). */
function keyInKeyDir(n: OpenSshNode): string {
  const file = path.join(process.env.VZFLEET_KEY_DIR!, `openssh-${n.port}.key`);
  fs.copyFileSync(n.privateKeyPath, file);
  fs.chmodSync(file, 0o600);
  return file;
}

/** The node in vzfleet's inventory as an admin adds it: key file, pinned host key. */
function addToInventory(api: ReturnType<typeof apiClient>, name: string, n: OpenSshNode) {
  return api.node.create.mutate({ name, host: n.host, port: n.port, sshUser: n.user, authMethod: 'key-file', keyFile: keyInKeyDir(n), hostKeyFingerprint: n.hostKeyFingerprint });
}

let node: OpenSshNode | null = null;
let hostileNode: OpenSshNode | null = null;
let wrappedNode: OpenSshNode | null = null;
test.afterAll(async () => {
  await node?.stop();
  await hostileNode?.stop();
  await wrappedNode?.stop();
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
  const created = await addToInventory(api, 'real-openssh', node);
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

/** What a customer typed as their CT's hostname: markup, spaces and Cyrillic, to be shown literally. */
const CT_HOSTNAME = '<img src=x onerror=alert(1)> и пробелы';
/** The e2e server's VZFLEET_POLL_INTERVAL_S (playwright.config.ts). */
const POLL_INTERVAL_MS = 3000;

/** Nothing from the page's text became an element, and no script ran. */
async function expectInert(page: Page, dialogs: () => number) {
  await expect(page.locator('main img')).toHaveCount(0);
  await expect(page.locator('main b')).toHaveCount(0);
  expect(dialogs()).toBe(0);
}

test('a CT named `<img src=x onerror=alert(1)> и пробелы` on a chatty node behind Debian’s OpenSSH: polled every interval by the scheduler, shown literally on the node page, the container page and in the support desk’s verdict', async ({ page, browser, baseURL }) => {
  const model = createNodeModel({ seed: 23, index: 0, ctsPerNode: 4, generation: 'legacy' });
  const ct = [...model.containers].filter((c) => c.status === 'running').sort((a, b) => a.ctId - b.ctId)[0]!;
  applyCtFields(ct, { hostname: CT_HOSTNAME });
  hostileNode = await startOpenSshNode({
    user: 'vzfleet-e2e-hostile',
    shell: '/bin/bash',
    outputs: renderFakeToolOutputs(model),
    chatty: { via: 'bashrc', stdout: WELCOME, stderr: 'mesg: ttyname failed: Inappropriate ioctl for device' },
    locale: 'de_DE.UTF-8',
  });
  const api = apiClient(baseURL!);
  const created = await addToInventory(api, 'real-openssh-hostile', hostileNode);

  // No collectNow: the server's own scheduler polls it. Every poll succeeds, one per interval.
  const successes: number[] = [];
  const until = Date.now() + 20_000;
  while (Date.now() < until && successes.length < 4) {
    const { poll } = await api.node.byId.query({ id: created.id });
    const at = poll?.lastSuccessAt ? new Date(poll.lastSuccessAt).getTime() : null;
    if (poll && poll.health !== 'never-polled') expect(poll.health, poll.lastErrorText ?? '').toBe('ok');
    if (at !== null && at !== successes.at(-1)) successes.push(at);
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(successes.length, 'successful polls seen within 20 s').toBe(4);
  const gaps = successes.slice(1).map((at, i) => at - successes[i]!);
  // Two intervals between successes at most: no poll was lost or failed.
  for (const gap of gaps) expect(gap).toBeLessThanOrEqual(2 * POLL_INTERVAL_MS);

  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto(`/nodes/${created.id}`);
  await expect(page.locator('#health-alert-title')).toHaveCount(0);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: ct.ctid, exact: true }) });
  await expect(row.getByText(CT_HOSTNAME, { exact: true })).toBeVisible();
  for (const other of model.containers.filter((c) => c !== ct)) {
    await expect(page.getByRole('row').filter({ has: page.getByRole('link', { name: other.ctid, exact: true }) })).toContainText(other.hostname);
  }
  // Fresh now and still fresh two intervals later: the scheduler keeps polling.
  await expect(page.locator('p.data-age')).toBeVisible();
  await expect(page.locator('p.data-stale')).toHaveCount(0);
  await page.waitForTimeout(2 * POLL_INTERVAL_MS);
  await page.reload();
  await expect(page.locator('p.data-age')).toBeVisible();
  await expect(page.locator('p.data-stale')).toHaveCount(0);
  await expectInert(page, () => dialogs);

  await row.getByRole('link', { name: ct.ctid, exact: true }).click();
  await expect(page.getByRole('heading', { name: `CT ${ct.ctid}` })).toBeVisible();
  await expect(page.getByText(CT_HOSTNAME, { exact: true }).first()).toBeVisible();
  await expect(page.locator('p.data-stale')).toHaveCount(0);
  await expectInert(page, () => dialogs);

  // The support desk, signed in as support: the card and the verdict copied into the ticket.
  const support = await browser.newContext({ storageState: storageStateFile('support') });
  try {
    await support.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL! });
    const desk = await support.newPage();
    let deskDialogs = 0;
    desk.on('dialog', (d) => {
      deskDialogs++;
      void d.dismiss();
    });
    await desk.goto(`/lookup?q=${encodeURIComponent('и пробелы')}`);
    const card = desk.getByRole('article').filter({ hasText: 'node real-openssh-hostile' });
    await expect(card.getByText(CT_HOSTNAME, { exact: true })).toBeVisible();
    await card.getByRole('button', { name: 'Copy for the ticket' }).click();
    await expect(card.getByRole('status')).toContainText('Copied');
    const copied = await desk.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`CT ${ct.ctid} (${CT_HOSTNAME}) on node real-openssh-hostile`);
    await expect(desk.locator('img')).toHaveCount(0);
    await expect(desk.locator('main b')).toHaveCount(0);
    expect(deskDialogs).toBe(0);
  } finally {
    await support.close();
  }
});

test('a node whose collector wrapper predates the collect loop: polled ok, the node page and the inventory name the fix, and "Collect now" after installing it clears the note', async ({ page, baseURL }) => {
  const model = createNodeModel({ seed: 23, index: 0, ctsPerNode: 3, generation: 'legacy' });
  wrappedNode = await startOpenSshNode({ user: 'vzfleet-e2e-wrap', shell: '/bin/dash', outputs: renderFakeToolOutputs(model), forcedCommandWrapper: wrapperFromBeforeTheLoop() });
  const api = apiClient(baseURL!);
  const created = await addToInventory(api, 'old-wrapper', wrappedNode);
  try {
    expect(await api.node.collectNow.mutate({ id: created.id })).toMatchObject({ ok: true, health: 'ok' });
    await page.goto(`/nodes/${created.id}`);
    await expect(page.locator('#health-alert-title')).toHaveCount(0);
    const note = page.getByTestId('wrapper-note');
    await expect(note.getByRole('heading')).toHaveText("This node's collector wrapper is from an older vzfleet");
    await expect(note).toContainText('refuses the collect loop');
    await expect(note).toContainText('refuses the squeezed scripts');
    await expect(note).toContainText('npm run --silent vzfleet -- collector-wrapper');
    for (const ct of model.containers) await expect(page.getByRole('link', { name: ct.ctid, exact: true })).toBeVisible();

    await page.goto('/nodes');
    const fleetNote = page.getByTestId('older-wrappers');
    await expect(fleetNote.getByRole('heading')).toHaveText('1 node runs a collector wrapper from an older vzfleet');
    await fleetNote.getByRole('link', { name: 'old-wrapper' }).click();
    await expect(page).toHaveURL(new RegExp(`/nodes/${created.id}$`));

    // The operator installs the current wrapper and asks for a poll: the new connection asks again.
    fs.writeFileSync(path.join(wrappedNode.dir, 'vzfleet-collect'), buildForcedCommandWrapper(), { mode: 0o755 });
    await expect(page.getByTestId('wrapper-note')).toBeVisible();
    await page.getByRole('button', { name: 'Collect now' }).click();
    await expect(page.getByText('Collected: ')).toBeVisible();
    await expect(page.getByTestId('wrapper-note')).toHaveCount(0);
  } finally {
    await api.node.remove.mutate({ id: created.id });
  }
});
