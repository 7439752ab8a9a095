import { expect, test } from '@playwright/test';
import { startSmtpSink, type SmtpSink } from '../server/alarms/delivery/test-receivers';
import { storageStateFile } from './helpers/accounts';
import { readFleet } from './helpers/fleet';
import { addSimNode } from './helpers/nodes';
import { apiClient } from './helpers/trpc';

const SIM = 1;
const NODE = 'alarm-node';
const TAG = 'alarm-e2e';

let smtp: SmtpSink | null = null;
test.afterAll(async () => {
  const fleet = readFleet();
  // Whatever happened, the simulated node answers again for the specs after this one.
  await fetch(`${fleet.controlUrl}/nodes/${SIM}/fault`, { method: 'DELETE' });
  await smtp?.stop();
});

test('alarms: a node stops answering, an e-mail goes out once, staff acknowledge and silence it on /alarms, the wall shows it', async ({ page, baseURL, browser }) => {
  test.setTimeout(150_000);
  const fleet = readFleet();
  const api = apiClient(baseURL!);
  smtp = await startSmtpSink();

  // An admin adds an e-mail channel for critical alarms of this test's nodes, and tests it.
  await page.goto('/alarms/channels');
  await page.getByRole('button', { name: 'Add a channel' }).click();
  await page.getByLabel('Name', { exact: true }).fill('night shift');
  await page.getByLabel('Lowest severity sent').selectOption('critical');
  await page.getByLabel('Only nodes tagged (comma-separated; empty = all)').fill(TAG);
  await page.getByLabel('SMTP host').fill('127.0.0.1');
  await page.getByLabel('SMTP port').fill(String(smtp.port));
  await page.getByLabel('From', { exact: true }).fill('vzfleet@e2e.test');
  await page.getByLabel('To (comma-separated)').fill('ops@e2e.test');
  await page.getByRole('button', { name: 'Add channel' }).click();
  const channelRow = page.getByRole('table', { name: 'Alarm channels' }).getByRole('row').filter({ hasText: 'night shift' });
  await expect(channelRow).toContainText('ops@e2e.test via 127.0.0.1');
  await channelRow.getByRole('button', { name: 'Send a test message to night shift' }).click();
  await expect(channelRow.getByRole('status')).toHaveText('Test message sent.');
  await expect(page.getByRole('table', { name: 'Delivery log' }).getByRole('row').filter({ hasText: 'night shift' }).first()).toContainText('sent');
  expect(smtp.messages()).toHaveLength(1);

  // The node is polled fine, then its port closes: three failed polls (3 s apart) open the incident.
  const node = await addSimNode(api, fleet, SIM, NODE, { tags: [TAG] });
  const refused = await fetch(`${fleet.controlUrl}/nodes/${SIM}/fault`, { method: 'PUT', body: JSON.stringify({ fault: 'refuse' }) });
  expect(refused.status).toBe(200);

  await page.goto('/alarms');
  const openTable = page.getByRole('table', { name: 'Open incidents' });
  const row = openTable.getByRole('row').filter({ hasText: `Node ${NODE}` });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText('Critical');
  await expect(row).toContainText('nobody yet');
  await expect(row.getByRole('link', { name: NODE, exact: true })).toHaveAttribute('href', `/nodes/${node.id}`);
  await expect(page.getByTestId('alarm-count')).toBeVisible();
  const incidentId = Number(await row.getAttribute('data-incident'));
  expect(incidentId).toBeGreaterThan(0);

  // Exactly one message about it reaches the mailbox (the test message was the first).
  await expect.poll(() => smtp!.messages().length, { timeout: 20_000 }).toBe(2);
  const mail = smtp.messages()[1]!;
  expect(mail).toMatch(new RegExp(`^Subject: .*Node ${NODE}`, 'm'));

  // Acknowledge with a comment: it leaves the open tab for the acknowledged one.
  await row.getByRole('button', { name: 'Acknowledge' }).click();
  await row.getByLabel('Comment (who is on it, what is being done)').fill('Rebooting the switch');
  await row.getByRole('button', { name: 'Confirm acknowledgement' }).click();
  await expect(row).toBeHidden();
  await page.getByRole('navigation', { name: 'Incident states' }).getByRole('link', { name: 'Acknowledged' }).click();
  await expect(page).toHaveURL(/\?state=acknowledged$/);
  const acked = page.getByRole('table', { name: 'Acknowledged incidents' }).getByRole('row').filter({ hasText: `Node ${NODE}` });
  await expect(acked).toContainText('Acknowledged by admin@e2e.test');
  await expect(acked).toContainText('Rebooting the switch');

  // Silence it for 4 hours, with a reason: the silenced tab has it, with who and until when.
  await acked.getByRole('button', { name: 'Silence' }).click();
  await acked.getByRole('radio', { name: '4 hours', exact: true }).check();
  await acked.getByLabel('Comment (why no messages are wanted)').fill('maintenance window');
  await acked.getByRole('button', { name: 'Confirm silence' }).click();
  await expect(acked.getByRole('button', { name: 'Unsilence' })).toBeVisible();
  await page.goto('/alarms?state=silenced&severity=critical');
  const silenced = page.getByRole('table', { name: 'Silenced incidents' }).getByRole('row').filter({ hasText: `Node ${NODE}` });
  await expect(silenced).toContainText('Silenced by admin@e2e.test until');
  await expect(silenced).toContainText('maintenance window');
  await expect(page.getByLabel('Severity', { exact: true })).toHaveValue('critical');

  // The link in messages (with VZFLEET_PUBLIC_URL set) opens the incident first, with its timeline, and puts the focus on it.
  await page.goto(`/alarms?incident=${incidentId}`);
  const focus = page.getByRole('region', { name: new RegExp(`Node ${NODE}`) });
  await expect(focus.getByRole('heading', { level: 2 })).toBeFocused();
  await expect(focus.getByRole('listitem').filter({ hasText: 'acknowledged by admin@e2e.test: Rebooting the switch' })).toBeVisible();
  await expect(focus.getByRole('listitem').filter({ hasText: /silenced by admin@e2e\.test: until .*maintenance window/ })).toBeVisible();

  // The node page lists it among its open alarms.
  await page.goto(`/nodes/${node.id}`);
  await expect(page.getByRole('region', { name: 'Open alarms' }).getByRole('link', { name: `Node ${NODE}`, exact: false })).toBeVisible();

  // The wall (a kiosk session) shows it in big type, with who has it.
  const wallContext = await browser.newContext({ storageState: storageStateFile('wall'), viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
  try {
    const wall = await wallContext.newPage();
    await wall.goto('/wall');
    const line = wall.getByRole('region', { name: 'Open alarms, worst first' }).getByRole('listitem').filter({ hasText: `Node ${NODE}` });
    await expect(line).toContainText('Critical');
    await expect(line).toContainText('acknowledged, silenced');
    // It is in the first picture the server draws, so the tiles below it do not jump when the
    // wall's own fetch comes in.
    const served = await (await wall.request.get('/wall')).text();
    expect(served).toContain('aria-label="Open alarms, worst first"');
    expect(served).toContain('acknowledged, silenced');
  } finally {
    await wallContext.close();
  }

  // Silenced: no second message, however long it stays down.
  expect(smtp.messages()).toHaveLength(2);
});
