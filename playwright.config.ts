import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { E2E_METRICS_TOKEN } from './e2e/helpers/accounts';

// Overridable so two checkouts can run their e2e suites side by side.
const PORT = Number(process.env.VZFLEET_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

/**
 * One scratch directory per run: the server's PGlite data and the simulated fleet live there. Set in
 * the runner's environment so workers (which load this file again) see the same one; the process
 * that made it removes it when it exits, after the web server has been stopped.
 */
if (!process.env.VZFLEET_E2E_DIR) {
  const created = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-e2e-'));
  process.env.VZFLEET_E2E_DIR = created;
  process.once('exit', () => fs.rmSync(created, { recursive: true, force: true }));
}
const e2eDir = process.env.VZFLEET_E2E_DIR;
// The simulated fleet's client key lives under the run's directory: the servers read key files only there.
process.env.VZFLEET_KEY_DIR = e2eDir;
// The e2e server always runs on its own embedded database, never on a shared Postgres.
delete process.env.DATABASE_URL;
/** Where global setup saves each role's signed-in browser state (e2e/helpers/accounts.ts). */
const state = (role: string) => path.join(e2eDir, `state-${role}.json`);

export default defineConfig({
  testDir: 'e2e',
  retries: 0,
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  // One project per audience; they share the server and the simulated fleet, each spec adds the nodes it needs.
  // Each audience is signed in by global setup (storageState): staff as admin, support as support,
  // wall through a kiosk link. The auth project starts signed out and tests login and role limits.
  projects: [
    { name: 'staff', testMatch: /(add-node|alarms|manage-nodes|node-errors|fleet-overview|hostile-text|migrate|migrate-vz7|openssh-node|ct-actions|evacuate|limits|layout-stability)\.spec\.ts/, use: { viewport: { width: 1280, height: 900 }, storageState: state('admin') } },
    { name: 'support', testMatch: /lookup\.spec\.ts/, use: { viewport: { width: 1280, height: 900 }, storageState: state('support') } },
    { name: 'wall', testMatch: /wall(-restart)?\.spec\.ts/, use: { viewport: { width: 1920, height: 1080 }, colorScheme: 'dark', storageState: state('wall') } },
    { name: 'auth', testMatch: /(auth-[\w-]+|security-stranger)\.spec\.ts/, use: { viewport: { width: 1280, height: 900 } } },
    // Operations (Prometheus scraping, health check): signed out, as a scraper or watchdog is.
    { name: 'ops', testMatch: /ops-[\w-]+\.spec\.ts/ },
  ],
  webServer: {
    command: `npx next build && npx next start -p ${PORT} -H 127.0.0.1`,
    url: `${baseURL}/login`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      VZFLEET_DATA_DIR: path.join(e2eDir, 'server-data'),
      VZFLEET_DEMO: 'off',
      VZFLEET_POLL_INTERVAL_S: '3',
      // Global setup and the login specs sign in more often than a person would in a minute.
      VZFLEET_LOGIN_PER_MINUTE: '60',
      VZFLEET_SSH_CONNECT_TIMEOUT_MS: '4000',
      VZFLEET_SSH_COMMAND_TIMEOUT_MS: '8000',
      NEXT_TELEMETRY_DISABLED: '1',
      VZFLEET_METRICS_TOKEN: E2E_METRICS_TOKEN,
      VZFLEET_KEY_DIR: e2eDir,
      // Placement limits at their defaults: they are made for fleets like the simulated one (~2× RAM + swap promised).
    },
  },
});
