import type { NodeHealth } from '../../../vocabulary/node-health';
import type { AlarmSettings } from '../settings';
import { clip, type Rule, type RuleId } from './types';

/**
 * The node cannot be polled: unreachable (or timing out), refusing our key, or presenting a host
 * key other than the pinned one. One key per node for all three, so a node that goes from
 * "timeout" to "unreachable" is one incident, and the count of failed polls runs across them.
 * host-key-unknown is first contact awaiting a person, not an alarm.
 */
const KINDS: Partial<Record<NodeHealth, { rule: RuleId; setting: 'nodeUnreachable' | 'nodeAuthFailed' | 'nodeHostKeyChanged'; what: string }>> = {
  unreachable: { rule: 'node-unreachable', setting: 'nodeUnreachable', what: 'is unreachable' },
  timeout: { rule: 'node-unreachable', setting: 'nodeUnreachable', what: 'does not answer in time' },
  'auth-failed': { rule: 'node-auth-failed', setting: 'nodeAuthFailed', what: 'refuses vzfleet’s SSH key' },
  'host-key-mismatch': { rule: 'node-host-key-changed', setting: 'nodeHostKeyChanged', what: 'presents a host key other than the pinned one' },
};

export const nodeDownKey = (nodeId: number) => `node:${nodeId}:down`;

export const nodeDownRule: Rule = ({ node, poll, settings }) => {
  const kind = poll ? KINDS[poll.health] : undefined;
  if (!poll || !kind) return { observed: true, conditions: [] };
  const s: AlarmSettings[typeof kind.setting] = settings[kind.setting];
  if (!s.enabled) return { observed: true, conditions: [] };
  return {
    observed: true,
    conditions: [
      {
        key: nodeDownKey(node.id),
        rule: kind.rule,
        severity: s.severity,
        scope: 'node',
        nodeId: node.id,
        ctId: null,
        resource: null,
        title: `Node ${clip(node.name, 100)} ${kind.what}`,
        detail: clip(poll.lastErrorText ?? '', 500),
        value: null,
        forPolls: s.failedPolls,
      },
    ],
  };
};
