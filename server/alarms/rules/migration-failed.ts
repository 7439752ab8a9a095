import { clip, type Rule } from './types';

/**
 * A migration from this node failed. It stays open `keepOpenHours` after the failure, or until the
 * same CT was migrated successfully later, so the next shift still sees it. Node scope: it is about
 * an operation, and is not held back while the node is down.
 */
export const migrationFailedRule: Rule = ({ node, now, migrations, settings }) => {
  const s = settings.migrationFailed;
  if (!s.enabled) return { observed: true, conditions: [] };
  const from = now.getTime() - s.keepOpenHours * 3_600_000;
  const conditions = migrations
    .filter((m) => m.status === 'failed' && m.finishedAt && m.finishedAt.getTime() > from)
    .filter((m) => !migrations.some((o) => o.ctId === m.ctId && o.status.startsWith('succeeded') && o.finishedAt && m.finishedAt && o.finishedAt > m.finishedAt))
    .map((m) => ({
      key: `migration:${m.id}`,
      rule: 'migration-failed' as const,
      severity: s.severity,
      scope: 'node' as const,
      nodeId: node.id,
      ctId: m.ctId,
      resource: null,
      title: `Migration of CT ${clip(m.ctId, 64)} from ${clip(node.name, 100)} to ${clip(m.targetName, 100)} failed`,
      detail: clip(m.error ?? '', 500),
      value: null,
    }));
  return { observed: true, conditions };
};
