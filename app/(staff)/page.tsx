import type { Metadata } from 'next';
import { Suspense } from 'react';
import { readFleetOverview } from '@/app/page-data';
import { FleetOverview } from '@/components/fleet/fleet-overview';
import { overviewHead } from '@/components/fleet/overview-head';
import { parseOverviewParams } from '@/components/fleet/overview-params';
import { Skeleton } from '@/components/ui/skeleton';

export const metadata: Metadata = { title: 'Fleet' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Only the first screen of rows comes with the page, cut in the URL's filter and sort. */
export default async function FleetPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  const params = parseOverviewParams({ get: (name) => [sp[name]].flat()[0] ?? null });
  const data = await readFleetOverview();
  return (
    <Suspense fallback={<Skeleton lines={10} label="Loading the fleet…" />}>
      <FleetOverview head={data ? overviewHead(data, params) : null} />
    </Suspense>
  );
}
