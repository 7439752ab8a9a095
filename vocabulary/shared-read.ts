/**
 * How long one read of a fleet-wide view may serve everyone who asks, counted from the moment it
 * started (server/read-models/shared-reads.ts). Each open overview or wall screen refetches every
 * few seconds at fleet scale; without sharing, every viewer cost the server a full read.
 *
 * The browser waits at least this long after a "new data" event before it refetches
 * (components/live/use-live-updates.ts): a read it is then handed started after the event was
 * sent, so it holds the change that the event announced.
 */
export const SHARED_READ_MS = 1_000;

/**
 * Queries that take no input and answer every viewer allowed to ask the same: their serialised
 * answer is shared too (server/api/shared-responses.ts), so the browser asks for them on their own
 * rather than in a batch with other calls (trpc/client.tsx).
 */
export const SHARED_QUERY_PATHS: readonly string[] = ['fleet.overview'];
