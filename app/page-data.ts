import { dehydrate, type DehydratedState } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { headers } from 'next/headers';
import { appRouter } from '@/server/api/root';
import { withClientIp } from '@/server/http/client-address';
import { getServices } from '@/server/runtime';
import { makeQueryClient } from '@/trpc/query-client';
import { findPageViewer } from './page-guard';

/**
 * The fleet rows in the page's own answer, for the overview and the wall: their first rows are in
 * the HTML, drawn before any script runs, and the browser skips a round trip (at 1000 nodes the
 * call waited behind hydration and took most of the first second). The call goes through the
 * router with the page's viewer, so roles and validation are the same as over HTTP; the client's
 * cache takes the result under the same key (HydrationBoundary) and refetches on its own schedule.
 * A failure is not dehydrated: the client then fetches and shows its own error as before.
 */
export async function prefetchFleetOverview(): Promise<DehydratedState> {
  const services = await getServices();
  const queryClient = makeQueryClient();
  const ctx = { services, headers: withClientIp(await headers(), services.trustedProxies), viewer: await findPageViewer() };
  const trpc = createTRPCOptionsProxy({ router: appRouter, ctx, queryClient });
  await queryClient.prefetchQuery(trpc.fleet.overview.queryOptions());
  return dehydrate(queryClient);
}
