import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '../../server/api/root';
import { transformer } from '../../server/api/transformer';
import { readAdminCookie } from './accounts';

/**
 * The app's own API over HTTP, as the browser uses it: for seeding nodes the UI journey is not about.
 * Signed in as the e2e admin (global setup saved the session), with the Origin a browser would send.
 */
export function apiClient(baseURL: string, cookie: string | null = readAdminCookie()) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${baseURL}/api/trpc`, transformer, headers: () => ({ origin: baseURL, ...(cookie ? { cookie } : {}) }) })],
  });
}
