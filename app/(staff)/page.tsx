import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { prefetchFleetOverview } from '@/app/page-data';
import { FleetOverview } from '@/components/fleet/fleet-overview';
import { Skeleton } from '@/components/ui/skeleton';

export const metadata: Metadata = { title: 'Fleet' };

export default async function FleetPage() {
  return (
    <HydrationBoundary state={await prefetchFleetOverview()}>
      <Suspense fallback={<Skeleton lines={10} label="Loading the fleet…" />}>
        <FleetOverview />
      </Suspense>
    </HydrationBoundary>
  );
}
