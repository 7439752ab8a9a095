import { Skeleton } from '@/components/ui/skeleton';

/**
 * The staff pages' loading state, as each section's loading.tsx. Not one loading.tsx for the whole
 * group: there it also wrapped the fleet overview, whose first rows then arrived as a streamed
 * Suspense boundary, and React reveals those at the earliest 300 ms after the fallback was painted.
 * The overview's first screen is small and comes with the page instead.
 */
export default function StaffLoading() {
  return <Skeleton lines={8} />;
}
