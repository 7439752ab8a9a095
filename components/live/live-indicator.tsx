'use client';

import { withData } from '@/trpc/with-data';
import { LiveStatusBadge } from './live-status';
import { useLiveUpdates } from './use-live-updates';

/** Keeps the page following the fleet and says whether it does. */
export const LiveIndicator = withData(function LiveIndicator() {
  return <LiveStatusBadge status={useLiveUpdates()} />;
});
