import type { Metadata } from 'next';
import { readFleetOverview } from '@/app/page-data';
import { FleetOverview } from '@/components/fleet/fleet-overview';
import { overviewHead } from '@/components/fleet/overview-head';
import { parseOverviewParams } from '@/components/fleet/overview-params';

export const metadata: Metadata = { title: 'Fleet' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * Only the first screen of rows comes with the page, cut in the URL's filter and sort. No Suspense
 * boundary around it (nor a loading.tsx above): React reveals a streamed boundary at the earliest
 * 300 ms after its fallback was painted, and these rows are the point of the page.
 */
export default async function FleetPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const params = parseOverviewParams({ get: (name) => [sp[name]].flat()[0] ?? null });
  const data = await readFleetOverview();
  return <FleetOverview head={data ? overviewHead(data, params) : null} />;
}
