import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '../../server/api/root';

/** The app's own API over HTTP, as the browser uses it: for seeding nodes the UI journey is not about. */
export function apiClient(baseURL: string) {
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${baseURL}/api/trpc`, transformer: superjson })] });
}
