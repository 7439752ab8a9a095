/**
 * The outcome of polling a hardware node, in the domain's words: what the collector records
 * (node_poll_state.health), what the metrics export, what the views colour and explain. Pure
 * vocabulary, so parsers, verdicts, the database schema and the browser share one list.
 */
export const NODE_HEALTH = [
  'never-polled',
  'ok',
  'degraded',
  'unreachable',
  'auth-failed',
  'host-key-unknown',
  'host-key-mismatch',
  'timeout',
  'parse-error',
  'command-failed',
] as const;
export type NodeHealth = (typeof NODE_HEALTH)[number];

/** Text read back from the database (a plain text column) as a NodeHealth, or null if unknown. */
export function toNodeHealth(value: string): NodeHealth | null {
  return (NODE_HEALTH as readonly string[]).includes(value) ? (value as NodeHealth) : null;
}

/** The poll outcomes after which the node's figures cannot be trusted as current. */
export const OUTAGE_HEALTH: ReadonlySet<string> = new Set<NodeHealth>([
  'unreachable',
  'auth-failed',
  'host-key-unknown',
  'host-key-mismatch',
  'timeout',
  'parse-error',
  'command-failed',
]);
