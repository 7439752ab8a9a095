import { clip, type Rule } from './types';

/**
 * No successful poll for `intervals` × the node's poll interval — whatever the reason (parse
 * errors, a failing command, no instance polling it). Measured from the node's creation when it
 * never succeeded. When the node is down, node-down says it already (evaluate-rules.ts drops this).
 */
export const dataStaleRule: Rule = ({ node, poll, now, settings }) => {
  const s = settings.dataStale;
  if (!s.enabled) return { observed: true, conditions: [] };
  const since = poll?.lastSuccessAt ?? node.createdAt;
  const ageMs = now.getTime() - since.getTime();
  const limitMs = s.intervals * node.pollIntervalMs;
  if (ageMs <= limitMs) return { observed: true, conditions: [] };
  const minutes = Math.floor(ageMs / 60_000);
  return {
    observed: true,
    conditions: [
      {
        key: `node:${node.id}:stale`,
        rule: 'data-stale',
        severity: s.severity,
        scope: 'node',
        nodeId: node.id,
        ctId: null,
        resource: null,
        title: `Node ${clip(node.name, 100)}: no fresh data for ${minutes} min`,
        detail: poll?.lastSuccessAt ? `last successful poll ${poll.lastSuccessAt.toISOString()}` : 'never polled successfully',
        value: ageMs / 1000,
      },
    ],
  };
};
