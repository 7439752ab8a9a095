import type { AlarmScope, AlarmSeverity } from '../../../db/schema-alarm';
import type { CtQuota } from '../../collector/packed-snapshot';
import type { NodeSummary } from '../../../db/stored-shapes';
import type { BeancounterBlock } from '../../openvz/beancounters';
import type { NodeHealth } from '../../../vocabulary/node-health';
import type { AlarmSettings } from '../settings';

export const RULE_IDS = [
  'node-unreachable',
  'node-auth-failed',
  'node-host-key-changed',
  'data-stale',
  'failcnt-rising',
  'held-near-barrier',
  'memory-commitment',
  'cpu-guarantee',
  'disk-quota',
  'migration-failed',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** The rules that mean "the node itself is down": while one holds, per-CT alarms wait. */
export const NODE_DOWN_RULES: readonly RuleId[] = ['node-unreachable', 'node-auth-failed', 'node-host-key-changed'];

/** One alarm condition holding now. The same key on the next evaluation is the same alarm. */
export interface Condition {
  key: string;
  rule: RuleId;
  severity: AlarmSeverity;
  scope: AlarmScope;
  nodeId: number;
  ctId: string | null;
  resource: string | null;
  title: string;
  detail: string;
  value: number | null;
  /** Opens only after this many consecutive evaluations saw it (default 1). */
  forPolls?: number;
  /** Opens only after it has held this long (default 0). */
  forMs?: number;
}

/** Everything the rules read, all of it already stored by the collector (see evaluate-node.ts). */
export interface RuleInput {
  now: Date;
  node: { id: number; name: string; tags: readonly string[]; createdAt: Date; pollIntervalMs: number };
  poll: { health: NodeHealth; lastAttemptAt: Date | null; lastSuccessAt: Date | null; lastErrorText: string | null } | null;
  /** The node's stored snapshot, only when the latest poll produced it; null otherwise. */
  snapshot: {
    collectedAt: Date;
    beancounters: readonly BeancounterBlock[];
    quotas: readonly CtQuota[];
    summary: NodeSummary | null;
    cpuUtilization: number | null;
    cpuNodePower: number | null;
  } | null;
  /** The node's failcnt events inside the failcnt rule's quiet period. */
  failcntEvents: readonly { ctId: string; resource: string; at: Date; delta: number }[];
  /** Migrations from this node that ended recently, newest first. */
  migrations: readonly { id: string; ctId: string; status: string; finishedAt: Date | null; error: string | null; targetName: string }[];
  settings: AlarmSettings;
  /** Keys of the node's open incidents: a rule with hysteresis holds an open one to a looser threshold. */
  openKeys: ReadonlySet<string>;
}

/** `observed: false` = the rule had no fresh data: its open incidents stay as they are. */
export interface RuleResult {
  observed: boolean;
  conditions: Condition[];
}

export type Rule = (input: RuleInput) => RuleResult;

/** Node output is untrusted: names shown in titles are bounded. */
export function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}
