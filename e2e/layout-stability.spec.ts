import { expect, test } from '@playwright/test';
import { readFleet } from './helpers/fleet';
import { addSimNode } from './helpers/nodes';
import { apiClient } from './helpers/trpc';

/** A layout shift the browser saw without a user's input, and what moved (Layout Instability API). */
interface Shift {
  value: number;
  atMs: number;
  moved: string[];
}

/**
 * Pages where staff click do not move under the pointer as their parts arrive. Measured with the
 * browser's own layout-shift entries, summed from navigation until the page has settled (its
 * cumulative layout shift); 0.1 is where the Web Vitals call it poor, and these pages stay far
 * below it. The admin page was 0.43 when each of its panels drew its rows as they came.
 */
test('staff pages keep their layout as their data arrives', async ({ page, baseURL }) => {
  const api = apiClient(baseURL!);
  const fleet = readFleet();
  const sim = fleet.nodes[0]!;
  if (!(await api.node.list.query()).some((n) => n.name === 'fleet-a')) await addSimNode(api, fleet, 0, 'fleet-a');
  const node = (await api.node.list.query()).find((n) => n.name === 'fleet-a')!;
  // Its containers are on record once it has been polled.
  await expect.poll(async () => (await api.container.listByNode.query({ nodeId: node.id })).length, { timeout: 30_000 }).toBeGreaterThan(0);

  await page.addInitScript(() => {
    const shifts: Shift[] = [];
    (window as unknown as { shifts: Shift[] }).shifts = shifts;
    const named = (n: Node | null | undefined) => {
      const e = n as Element | null | undefined;
      return e?.tagName ? `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ').join('.')}` : ''}` : '?';
    };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const e = entry as PerformanceEntry & { value: number; hadRecentInput: boolean; sources: { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] };
        if (e.hadRecentInput) continue;
        shifts.push({ value: e.value, atMs: Math.round(e.startTime), moved: e.sources.map((s) => `${named(s.node)} y ${Math.round(s.previousRect.y)}→${Math.round(s.currentRect.y)}`) });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });

  const pages = ['/', '/nodes', `/nodes/${node.id}`, `/nodes/${node.id}/ct/${sim.busyCtId}`, '/alarms', '/alarms/channels', '/migrations', '/admin'];
  const scores: Record<string, number> = {};
  for (const url of pages) {
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('.skeleton')).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByText(/^(Reading alarms…|Loading chart…)$/)).toHaveCount(0, { timeout: 30_000 });
    // What comes after the first screen (the live stream's first refresh, the failing list) is in by now.
    await page.waitForTimeout(1_500);
    const shifts = await page.evaluate(() => (window as unknown as { shifts: Shift[] }).shifts);
    const score = shifts.reduce((sum, s) => sum + s.value, 0);
    scores[url] = Math.round(score * 1000) / 1000;
    expect(score, `${url} moved: ${JSON.stringify(shifts)}`).toBeLessThan(0.05);
  }
  test.info().annotations.push({ type: 'cumulative layout shift', description: JSON.stringify(scores) });
});
