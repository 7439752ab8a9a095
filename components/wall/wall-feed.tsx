'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { LiveStatus } from '@/components/live/live-status';
import { useLiveUpdates } from '@/components/live/use-live-updates';
import type { QueryFeed } from '@/trpc/feed';
import { useTRPC } from '@/trpc/client';
import type { FleetOverview, WallIncidents } from '@/trpc/types';
import { feedOf, useReportFeed, withData } from '@/trpc/with-data';

const REFRESH_MS = 5_000;

// Runs for weeks without a touch: polls every few seconds whatever happened before, retries
// forever, including while the browser thinks it is offline.
const STUBBORN = {
  refetchInterval: REFRESH_MS,
  refetchIntervalInBackground: true,
  networkMode: 'always',
  retry: true,
  retryDelay: (attempt: number) => Math.min(1000 * 2 ** attempt, 5_000),
  staleTime: 0,
} as const;

export interface WallFeedProps {
  onOverview: (feed: QueryFeed<FleetOverview>) => void;
  onAlarms: (feed: QueryFeed<WallIncidents>) => void;
  onConnection: (status: LiveStatus) => void;
}

/** The wall's queries and change stream, loaded after its first picture is painted; draws nothing itself. */
function Feed({ onOverview, onAlarms, onConnection }: WallFeedProps) {
  const trpc = useTRPC();
  const connection = useLiveUpdates();
  const overview = useQuery(trpc.fleet.overview.queryOptions(undefined, STUBBORN));
  // The same stubbornness for the alarms: a failing fetch keeps the last list on screen.
  const alarms = useQuery(trpc.alarm.wallWorst.queryOptions(undefined, STUBBORN));
  useReportFeed(feedOf(overview), onOverview);
  useReportFeed(feedOf(alarms), onAlarms);
  useEffect(() => onConnection(connection), [connection, onConnection]);
  return null;
}

export const WallFeed = withData(Feed);
