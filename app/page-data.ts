import { headers } from 'next/headers';
import { createCaller } from '@/server/api/root';
import { withClientIp } from '@/server/http/client-address';
import { getServices } from '@/server/runtime';
import type { FleetOverview } from '@/trpc/types';
import { findPageViewer } from './page-guard';

/**
 * The whole fleet as the overview and the wall read it, for the page to cut its first screen from
 * (components/fleet/overview-head.ts, components/wall/wall-head.ts): those rows are in the HTML,
 * drawn before any script runs, while all 1000 rows in the page were ~700 kB of HTML to parse and
 * hydrate. The call goes through the router with the page's viewer, so roles and validation are
 * the same as over HTTP. A failure gives null: the client then fetches and shows its own error.
 */
export async function readFleetOverview(): Promise<FleetOverview | null> {
  const services = await getServices();
  const api = createCaller({ services, headers: withClientIp(await headers(), services.trustedProxies), viewer: await findPageViewer() });
  try {
    return await api.fleet.overview();
  } catch {
    return null;
  }
}
