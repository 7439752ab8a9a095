import fs from 'node:fs';
import path from 'node:path';

/** The accounts global setup creates on the test server, one per role, and where their sessions are saved. */
export const E2E_PASSWORD = 'e2e password long enough';
/** The scrape token the e2e server is started with (VZFLEET_METRICS_TOKEN). */
export const E2E_METRICS_TOKEN = 'e2e-metrics-token-0123456789';
export const E2E_USERS = {
  admin: { email: 'admin@e2e.test', name: 'E2E Admin' },
  operator: { email: 'operator@e2e.test', name: 'E2E Operator' },
  support: { email: 'support@e2e.test', name: 'E2E Support' },
} as const;
export type E2eRole = keyof typeof E2E_USERS | 'wall';

function e2eDir(): string {
  const dir = process.env.VZFLEET_E2E_DIR;
  if (!dir) throw new Error('VZFLEET_E2E_DIR is not set: run the specs through playwright.config.ts');
  return dir;
}

/** Playwright storageState file of a role (wall = a kiosk link opened once). */
export function storageStateFile(role: E2eRole): string {
  return path.join(e2eDir(), `state-${role}.json`);
}

/** The admin's Cookie header, for seeding through the API (e2e/helpers/trpc.ts). */
export function adminCookieFile(): string {
  return path.join(e2eDir(), 'admin-cookie.txt');
}

export function readAdminCookie(): string {
  return fs.readFileSync(adminCookieFile(), 'utf8').trim();
}
