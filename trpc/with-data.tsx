'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import { useEffect } from 'react';
import { TRPCReactProvider } from './client';
import type { QueryFeed } from './feed';

/**
 * A component that fetches, wrapped in its own data-layer provider, for modules loaded after the
 * first paint with next/dynamic (ssr: false). The cache and client are shared (trpc/client.tsx), so
 * several such providers on a page cost nothing extra.
 */
export function withData<P extends object>(Inner: React.ComponentType<P>): React.ComponentType<P> {
  function WithData(props: P) {
    return (
      <TRPCReactProvider>
        <Inner {...props} />
      </TRPCReactProvider>
    );
  }
  return WithData;
}

export function feedOf<T, E extends QueryFeed<T>['error']>(q: UseQueryResult<T, E>): QueryFeed<T> {
  return {
    data: q.data,
    error: q.error,
    isPending: q.isPending,
    dataUpdatedAt: q.dataUpdatedAt,
    failureCount: q.failureCount,
    refetch: () => void q.refetch(),
  };
}

/** Hands the feed to the view whenever one of its parts changes (refetch is stable enough: it only asks again). */
export function useReportFeed<T>(feed: QueryFeed<T>, report: (feed: QueryFeed<T>) => void): void {
  const { data, error, isPending, dataUpdatedAt, failureCount } = feed;
  // The feed object is new every render; its parts say when it changed.
  useEffect(() => {
    report(feed);
  }, [data, error, isPending, dataUpdatedAt, failureCount, report]);
}
