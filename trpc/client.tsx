'use client';

import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink, type TRPCClient } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { TRPC_MAX_BATCH } from '@/server/api/batch-limit';
import { transformer } from '@/server/api/transformer';
import type { AppRouter } from '@/server/api/root';
import { SHARED_QUERY_PATHS } from '@/vocabulary/shared-read';
import { makeQueryClient } from './query-client';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

function makeTrpcClient(): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: '/api/trpc', transformer }),
        false: splitLink({
          // Alone, not in a batch: the server hands these one shared answer (server/api/shared-responses.ts).
          condition: (op) => SHARED_QUERY_PATHS.includes(op.path),
          true: httpLink({ url: '/api/trpc', transformer }),
          false: httpBatchLink({ url: '/api/trpc', transformer, maxItems: TRPC_MAX_BATCH }),
        }),
      }),
    ],
  });
}

// One cache and one client per browser tab, however many providers the page has: the header's
// deferred parts and the page each bring their own provider (trpc/with-data.tsx), and they must
// share what they fetch and batch their calls together.
let browserQueryClient: QueryClient | undefined;
let browserTrpcClient: TRPCClient<AppRouter> | undefined;
function getQueryClient(): QueryClient {
  if (typeof window === 'undefined') return makeQueryClient();
  return (browserQueryClient ??= makeQueryClient());
}
function getTrpcClient(): TRPCClient<AppRouter> {
  if (typeof window === 'undefined') return makeTrpcClient();
  return (browserTrpcClient ??= makeTrpcClient());
}

/**
 * The data layer (tRPC over react-query, ~30 kB compressed). Pages that fetch as they render sit
 * inside it through their route group's layout; the fleet overview, the wall and the header load
 * it only after their server-rendered first screen is up (trpc/with-data.tsx).
 */
export function TRPCReactProvider({ children }: { children: React.ReactNode }) {
  const queryClient = getQueryClient();
  const trpcClient = getTrpcClient();
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
