/**
 * Most calls one HTTP request may batch. Without a cap one request could carry hundreds of
 * procedure calls (each pre-check SSHes to every node). Pure: the route handler and the browser's
 * batch link (trpc/client.tsx, `maxItems`) read the same number, so the page never sends more.
 */
export const TRPC_MAX_BATCH = 10;
