/** Seconds between polls of a node when neither the node nor VZFLEET_POLL_INTERVAL_S says otherwise. */
export const DEFAULT_POLL_INTERVAL_S = 15;
/** The same default in ms, for callers (tests, scripts, read models) that are not given the configured one. */
export const DEFAULT_POLL_INTERVAL_MS = DEFAULT_POLL_INTERVAL_S * 1000;
