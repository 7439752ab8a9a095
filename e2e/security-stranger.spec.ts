import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { AUTHORIZATION_MATRIX } from '../server/auth/matrix';
import { E2E_USERS } from './helpers/accounts';

/**
 * A stranger (no cookie, no token) walks every route of the build and every tRPC procedure of the
 * app router against the suite's real `next start`. Nothing may answer with data: only the login
 * page, the kiosk landing page (a button, no data) and redirects to the login page answer 2xx/3xx.
 * The setup page is gone here (global setup has created the accounts).
 */

/** The build's own list of app routes (next build writes it): '/(staff)/nodes/[id]/page' → '/nodes/[id]'. */
function builtRoutes(): string[] {
  const file = path.join(process.cwd(), '.next', 'app-path-routes-manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  return [...new Set(Object.values(manifest))].sort();
}

/** Plausible values for dynamic segments: real-looking ids, so a missing check would show data. */
const SEGMENTS: Record<string, string> = {
  id: '1',
  ctId: '101',
  jobId: '00000000-0000-4000-8000-000000000001',
  token: 'A'.repeat(43),
  trpc: 'node.list',
  '...all': 'get-session',
};
function fill(route: string): string {
  return route.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    const v = SEGMENTS[name];
    if (!v) throw new Error(`no value for the dynamic segment [${name}] of ${route}: add one to SEGMENTS`);
    return v;
  });
}

/** What a page or answer would contain if it leaked fleet or account data. */
const LEAKS = [/@e2e\.test/, /openvz_beancounter/, /vzfleet_node_up/, /"ctId"/, /"hostKeyFingerprint"/, /SHA256:[A-Za-z0-9+/]{43}/];
const OPEN_PAGES = new Set(['/login', '/kiosk/[token]']);
const isLoginRedirect = (status: number, location: string | null) => status >= 300 && status < 400 && /^(https?:\/\/[^/]+)?\/login(\?|$)/.test(location ?? '');

test('a stranger gets no data from any route of the build', async ({ request, baseURL }) => {
  const routes = builtRoutes();
  expect(routes.length).toBeGreaterThan(10);
  expect(routes).toContain('/api/trpc/[trpc]');
  const seen: string[] = [];
  for (const route of routes) {
    const url = fill(route);
    for (const method of ['GET', 'POST'] as const) {
      const res = await request.fetch(url, {
        method,
        maxRedirects: 0,
        headers: method === 'POST' ? { 'content-type': 'application/json', origin: baseURL! } : {},
        data: method === 'POST' ? '{}' : undefined,
        failOnStatusCode: false,
      });
      const status = res.status();
      const body = await res.text();
      seen.push(`${method} ${url} ${status}`);
      for (const leak of LEAKS) expect(body, `${method} ${url} leaks ${leak}`).not.toMatch(leak);
      if (status < 300) {
        const allowed =
          // Next renders a page for POST as for GET: the login page and the kiosk landing carry no data.
          OPEN_PAGES.has(route) ||
          // Better Auth's session probe answers "no session".
          (route === '/api/auth/[...all]' && body.trim() === 'null') ||
          // The container health check says only that the server answers.
          (route === '/api/health' && body.trim() === 'ok') ||
          route === '/icon.svg';
        expect(allowed, `${method} ${url} answered ${status}: ${body.slice(0, 200)}`).toBe(true);
      } else if (status < 400) {
        expect(isLoginRedirect(status, res.headers()['location'] ?? null), `${method} ${url} redirects to ${res.headers()['location']}`).toBe(true);
      }
    }
  }
  console.log(`walked ${routes.length} routes:\n${seen.join('\n')}`);
});

test('a stranger is refused by every tRPC procedure, by GET and by POST', async ({ request, baseURL }) => {
  const procedures = Object.keys(AUTHORIZATION_MATRIX);
  expect(procedures.length).toBeGreaterThan(20);
  const input = encodeURIComponent(JSON.stringify({ json: { id: 1, nodeId: 1, ctId: '101', jobId: SEGMENTS.jobId, planId: SEGMENTS.jobId, q: '1', email: E2E_USERS.admin.email } }));
  for (const name of procedures) {
    const get = await request.get(`/api/trpc/${name}?input=${input}`, { failOnStatusCode: false, timeout: 10_000 });
    const post = await request.post(`/api/trpc/${name}`, {
      headers: { 'content-type': 'application/json', origin: baseURL! },
      data: JSON.stringify({ json: { id: 1 } }),
      failOnStatusCode: false,
    });
    const statuses: number[] = [];
    for (const [how, res] of [['GET', get], ['POST', post]] as const) {
      const body = await res.text();
      for (const leak of LEAKS) expect(body, `${how} ${name} leaks ${leak}`).not.toMatch(leak);
      const status = refusedStatus(res.status(), res.headers()['content-type'] ?? '', body);
      expect(status, `${how} ${name} answered ${res.status()}: ${body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      statuses.push(status);
    }
    // The call that fits the procedure's type is refused for want of a session, not for a wrong method.
    expect(statuses, name).toContain(401);
  }
});

/**
 * The status a tRPC answer amounts to. A subscription (SSE) opens its stream with 200 and then sends
 * the procedure's error as its only event: that counts as the error's status, provided no data event came.
 */
function refusedStatus(status: number, contentType: string, body: string): number {
  if (status !== 200 || !contentType.startsWith('text/event-stream')) return status;
  const events = [...body.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
  if (events.some((e) => e !== 'connected' && e !== 'serialized-error' && e !== 'ping')) return status;
  const m = /"httpStatus":(\d{3})/.exec(body);
  return m ? Number(m[1]) : status;
}

test('a stranger cannot scrape metrics, and forged client headers do not change who they are', async ({ request }) => {
  expect((await request.get('/api/metrics', { failOnStatusCode: false })).status()).toBe(401);
  const forged = await request.get('/api/metrics', { headers: { 'x-vzfleet-peer': '10.0.0.1', 'x-vzfleet-client-ip': '10.0.0.1', 'x-forwarded-for': '10.0.0.1' }, failOnStatusCode: false });
  expect(forged.status()).toBe(401);
});
