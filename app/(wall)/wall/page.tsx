import { HydrationBoundary } from '@tanstack/react-query';
import { prefetchFleetOverview } from '@/app/page-data';
import { WallScreen } from '@/components/wall/wall-screen';

export default async function WallPage() {
  return (
    <HydrationBoundary state={await prefetchFleetOverview()}>
      <WallScreen />
    </HydrationBoundary>
  );
}
