'use client';

import { useQuery } from '@tanstack/react-query';
import type { QueryFeed } from '@/trpc/feed';
import { useTRPC } from '@/trpc/client';
import type { FailingEntry, FleetOverview } from '@/trpc/types';
import { feedOf, useReportFeed, withData } from '@/trpc/with-data';

const REFRESH_MS = 15_000;

export interface OverviewFeedProps {
  onOverview: (feed: QueryFeed<FleetOverview>) => void;
  onFailing: (feed: QueryFeed<FailingEntry[]>) => void;
}

/** The overview's queries, loaded after its first screen is painted; draws nothing itself. */
function Feed({ onOverview, onFailing }: OverviewFeedProps) {
  const trpc = useTRPC();
  const overview = useQuery(trpc.fleet.overview.queryOptions(undefined, { refetchInterval: REFRESH_MS }));
  const failing = useQuery(trpc.fleet.failing.queryOptions({ windowMinutes: 60 }, { refetchInterval: REFRESH_MS }));
  useReportFeed(feedOf(overview), onOverview);
  useReportFeed(feedOf(failing), onFailing);
  return null;
}

export const OverviewFeed = withData(Feed);
