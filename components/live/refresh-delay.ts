import { SHARED_READ_MS } from '@/vocabulary/shared-read';

/** Refetches at most this often however many nodes report: a 1000-node fleet polls constantly. */
export const MIN_REFRESH_MS = 3_000;

/**
 * How long after a "new data" event the page refetches: not sooner than MIN_REFRESH_MS after its
 * last refresh, and never sooner than SHARED_READ_MS after the event. The server hands out a fleet
 * read to everyone within SHARED_READ_MS of its start, so a refetch that soon could get a read from
 * before the change the event announced, and show it only one event later.
 */
export function refreshDelayMs(nowMs: number, lastRefreshMs: number): number {
  return Math.max(SHARED_READ_MS, lastRefreshMs + MIN_REFRESH_MS - nowMs);
}
