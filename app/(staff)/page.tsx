import type { Metadata } from 'next';
import { Suspense } from 'react';
import { FleetOverview } from '@/components/fleet/fleet-overview';
import { Skeleton } from '@/components/ui/skeleton';

export const metadata: Metadata = { title: 'Fleet' };

export default function FleetPage() {
  return (
    <Suspense fallback={<Skeleton lines={10} label="Loading the fleet…" />}>
      <FleetOverview />
    </Suspense>
  );
}
