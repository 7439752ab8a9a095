import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LookupPage } from '@/components/support/lookup-page';
import { Skeleton } from '@/components/ui/skeleton';

export const metadata: Metadata = { title: 'Lookup' };

export default function LookupRoute() {
  return (
    <Suspense fallback={<Skeleton lines={4} />}>
      <LookupPage />
    </Suspense>
  );
}
