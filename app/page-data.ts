import { headers } from 'next/headers';
import { createCaller } from '@/server/api/root';
import { withClientIp } from '@/server/http/client-address';
import { getServices } from '@/server/runtime';
import type { FleetOverview, WallIncidents } from '@/trpc/types';
import { findPageViewer } from './page-guard';

/**
 * The whole fleet as the overview and the wall read it, for the page to cut its first screen from
 * (components/fleet/overview-head.ts, components/wall/wall-head.ts): those rows are in the HTML,
 * drawn before any script runs, while all 1000 rows in the page were ~700 kB of HTML to parse and
 * hydrate.
 */
export function readFleetOverview(): Promise<FleetOverview | null> {
  return readOrNull((api) => api.fleet.overview());
}

/**
 * The wall's worst open incidents, drawn above the tiles in its first picture: drawn only once the
 * client had fetched them, they pushed every tile down ~160 px a moment after the screen came up.
 */
export function readWallIncidents(): Promise<WallIncidents | null> {
  return readOrNull((api) => api.alarm.wallWorst());
}

/**
 * A read through the router with the page's viewer, so roles and validation are the same as over
 * HTTP. A failure gives null: the client then fetches and shows its own error.
 */
async function readOrNull<T>(read: (api: ReturnType<typeof createCaller>) => Promise<T>): Promise<T | null> {
  const services = await getServices();
  const api = createCaller({ services, headers: withClientIp(await headers(), services.trustedProxies), viewer: await findPageViewer() });
  try {
    return await read(api);
  } catch {
    return null;
  }
}
