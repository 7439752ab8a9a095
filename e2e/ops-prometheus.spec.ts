import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_METRICS_TOKEN } from './helpers/accounts';
import { freePort } from '../server/test-free-port';

/**
 * The built app as deployed (`next start`): Debian's real Prometheus scrapes its /api/metrics with the
 * token it was started with and loads the shipped rules; /api/health answers without a session.
 */
const PROMETHEUS = '/usr/bin/prometheus';
const RULES = path.resolve('monitoring/prometheus/vzfleet.rules.yml');


test.describe('operations', () => {
  let prom: ChildProcess | undefined;
  let tmp = '';
  let promUrl = '';

  test.beforeAll(async ({ baseURL }) => {
    test.skip(!existsSync(PROMETHEUS), 'Debian prometheus is not installed (.ci/run installs it)');
    tmp = await mkdtemp(path.join(os.tmpdir(), 'vzfleet-e2e-prom-'));
    await writeFile(path.join(tmp, 'token'), E2E_METRICS_TOKEN);
    const target = new URL(baseURL!).host;
    await writeFile(
      path.join(tmp, 'prometheus.yml'),
      `global: { scrape_interval: 1s, evaluation_interval: 1s }\nrule_files: ['${RULES}']\nscrape_configs:\n` +
        `  - job_name: vzfleet\n    metrics_path: /api/metrics\n    authorization: { type: Bearer, credentials_file: '${tmp}/token' }\n    static_configs: [{ targets: ['${target}'] }]\n`,
    );
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prom = spawn(PROMETHEUS, [`--config.file=${tmp}/prometheus.yml`, `--storage.tsdb.path=${tmp}/data`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  });

  test.afterAll(async () => {
    if (prom && prom.exitCode === null) {
      prom.kill('SIGTERM');
      await new Promise((r) => prom!.once('exit', r));
    }
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('a real Prometheus scrapes vzfleet with its token and loads the shipped rules', async ({ request }) => {
    await expect
      .poll(async () => {
        const j = await (await fetch(`${promUrl}/api/v1/targets`).catch(() => null))?.json().catch(() => null);
        return j?.data?.activeTargets?.[0]?.health ?? 'no answer';
      }, { timeout: 30_000 })
      .toBe('up');
    const q = await (await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent('vzfleet_nodes{job="vzfleet"}')}`)).json();
    expect(q.data.result).toHaveLength(1); // a vzfleet series, whatever the other specs added
    const rules = await (await fetch(`${promUrl}/api/v1/rules`)).json();
    const names = rules.data.groups.flatMap((g: { rules: { name: string }[] }) => g.rules.map((r) => r.name));
    expect(names).toEqual(expect.arrayContaining(['VzfleetNodeUnreachable', 'VzfleetFailcntRising', 'VzfleetDown']));
    // and the same endpoint stays closed to a scraper without the token
    expect((await request.get('/api/metrics')).status()).toBe(401);
  });

  test('/api/health answers "ok" without a session or token', async ({ request }) => {
    const res = await request.get('/api/health');
    expect(res.status()).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });
});
