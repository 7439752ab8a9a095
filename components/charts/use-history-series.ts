'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ErrorLike } from '@/trpc/domain-error';
import { useTRPC } from '@/trpc/client';
import type { HistoryRange } from '@/vocabulary/history-range';
import type { HistorySeries } from './history-types';

export type HistoryState =
  | { status: 'pending' }
  | { status: 'error'; error: ErrorLike; retry: () => void }
  | { status: 'ok'; series: HistorySeries[]; endMs: number };

/** Refresh about as often as the finest tier gains a point. */
const REFRESH_MS = 60_000;

/** History of some series of one node, downsampled by the server to at most ~1000 points each. */
export function useHistorySeries(input: { nodeId: number; keys: string[]; range: HistoryRange }): HistoryState {
  const trpc = useTRPC();
  const q = useQuery(trpc.history.series.queryOptions({ ...input, maxPoints: 1000 }, { refetchInterval: REFRESH_MS, placeholderData: keepPreviousData }));
  if (q.isPending) return { status: 'pending' };
  if (q.error && !q.data) return { status: 'error', error: q.error, retry: () => void q.refetch() };
  return { status: 'ok', series: q.data ?? [], endMs: q.dataUpdatedAt };
}
