'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '@/trpc/client';
import type { LiveStatus } from './live-status';
import { refreshDelayMs } from './refresh-delay';

/**
 * Listens to "nodes have new data" over SSE and refreshes the visible queries, so pages follow the
 * fleet without a reload. Reconnects by itself and resumes from the last event.
 */
export function useLiveUpdates(): LiveStatus {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lastRefresh = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [status, setStatus] = useState<LiveStatus>('connecting');

  const sub = useSubscription(
    trpc.fleet.onChange.subscriptionOptions(undefined, {
      onData: (event) => {
        if (event.data.nodeIds.length === 0 || pending.current) return;
        const wait = refreshDelayMs(Date.now(), lastRefresh.current);
        pending.current = setTimeout(() => {
          pending.current = null;
          lastRefresh.current = Date.now();
          void queryClient.invalidateQueries({ predicate: (q) => q.state.status !== 'pending' });
        }, wait);
      },
    }),
  );

  useEffect(() => {
    setStatus(sub.status === 'pending' ? 'live' : sub.status === 'connecting' ? 'connecting' : 'reconnecting');
  }, [sub.status]);
  useEffect(() => () => {
    if (pending.current) clearTimeout(pending.current);
  }, []);
  return status;
}
