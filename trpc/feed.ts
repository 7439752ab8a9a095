import type { ErrorLike } from './domain-error';

/**
 * What a deferred query tells the component that draws it: the part of react-query's result the
 * views read, as plain data. The view's own module imports only this type, so the data layer is
 * not in the page's first JavaScript (trpc/with-data.tsx).
 */
export interface QueryFeed<T> {
  data: T | undefined;
  error: ErrorLike | null;
  /** No answer yet (the data layer may still be loading). */
  isPending: boolean;
  /** When the shown data arrived (ms since the epoch), 0 before that. */
  dataUpdatedAt: number;
  /** Failed attempts since the last success. */
  failureCount: number;
  refetch: () => void;
}

/** Before the data layer has loaded: nothing fetched yet, nothing failed. */
export function pendingFeed<T>(): QueryFeed<T> {
  return { data: undefined, error: null, isPending: true, dataUpdatedAt: 0, failureCount: 0, refetch: () => {} };
}
