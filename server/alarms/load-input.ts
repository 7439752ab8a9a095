import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { alarmIncidents, alarmPending, alarmSettings, failcntEvents, migrationJobs, nodeMaintenance, nodePollState, nodes, snapshots } from '../../db/schema';
import { storedBeancounters, unpackQuotas } from '../collector/packed-snapshot';
import type { OpenIncidentState, PendingState } from './incident-machine';
import { resolveAlarmSettings } from './settings';
import type { RuleId, RuleInput } from './rules/types';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface NodeAlarmState {
  input: RuleInput;
  open: OpenIncidentState[];
  pending: PendingState[];
  maintenance: boolean;
}

/**
 * Reads one node's stored data for the rules: node, poll state, the latest snapshot (only if the
 * latest poll produced it), failcnt events of the quiet period, recent migrations, maintenance,
 * settings, and the alarm state (open incidents, pending counts). Null when the node is gone.
 */
export async function loadNodeAlarmState(tx: Tx, nodeId: number, now: Date, defaultPollIntervalMs: number): Promise<NodeAlarmState | null> {
  const [node] = await tx.select().from(nodes).where(eq(nodes.id, nodeId));
  if (!node) return null;
  const stored = new Map((await tx.select().from(alarmSettings)).map((r) => [r.scope, r.overrides as unknown]));
  const settings = resolveAlarmSettings(stored, { id: node.id, tags: node.tags });
  const [poll] = await tx.select().from(nodePollState).where(eq(nodePollState.nodeId, nodeId));

  const fresh = !!poll?.lastSuccessAt && !!poll.lastAttemptAt && poll.lastSuccessAt.getTime() === poll.lastAttemptAt.getTime();
  let snapshot: RuleInput['snapshot'] = null;
  if (fresh) {
    const [s] = await tx.select().from(snapshots).where(eq(snapshots.nodeId, nodeId)).orderBy(desc(snapshots.id)).limit(1);
    if (s && s.collectedAt.getTime() === poll.lastSuccessAt!.getTime()) {
      snapshot = {
        collectedAt: s.collectedAt,
        beancounters: storedBeancounters(s),
        quotas: unpackQuotas(s.quotas),
        summary: s.summary,
        cpuUtilization: s.cpuUtilization,
        cpuNodePower: s.cpuNodePower,
      };
    }
  }

  const events = await tx
    .select({ ctId: failcntEvents.ctId, resource: failcntEvents.resource, at: failcntEvents.at, delta: failcntEvents.delta })
    .from(failcntEvents)
    .where(and(eq(failcntEvents.nodeId, nodeId), gt(failcntEvents.at, new Date(now.getTime() - settings.failcntRising.quietMinutes * 60_000))));
  const migrations = await tx
    .select({ id: migrationJobs.id, ctId: migrationJobs.ctId, status: migrationJobs.status, finishedAt: migrationJobs.finishedAt, error: migrationJobs.error, targetName: migrationJobs.targetName })
    .from(migrationJobs)
    .where(and(eq(migrationJobs.sourceNodeId, nodeId), gt(migrationJobs.finishedAt, new Date(now.getTime() - settings.migrationFailed.keepOpenHours * 3_600_000))))
    .orderBy(desc(migrationJobs.finishedAt))
    .limit(500);
  const [maint] = await tx.select({ nodeId: nodeMaintenance.nodeId }).from(nodeMaintenance).where(eq(nodeMaintenance.nodeId, nodeId));

  const open = await tx
    .select({ id: alarmIncidents.id, key: alarmIncidents.key, rule: alarmIncidents.rule, severity: alarmIncidents.severity, scope: alarmIncidents.scope, title: alarmIncidents.title, detail: alarmIncidents.detail, value: alarmIncidents.value })
    .from(alarmIncidents)
    .where(and(eq(alarmIncidents.nodeId, nodeId), isNull(alarmIncidents.resolvedAt)));
  const pending = await tx.select({ key: alarmPending.key, rule: alarmPending.rule, since: alarmPending.since, polls: alarmPending.polls }).from(alarmPending).where(eq(alarmPending.nodeId, nodeId));

  return {
    input: {
      now,
      node: { id: node.id, name: node.name, tags: node.tags, createdAt: node.createdAt, pollIntervalMs: node.pollIntervalS ? node.pollIntervalS * 1000 : defaultPollIntervalMs },
      poll: poll ? { health: poll.health, lastAttemptAt: poll.lastAttemptAt, lastSuccessAt: poll.lastSuccessAt, lastErrorText: poll.lastErrorText } : null,
      snapshot,
      failcntEvents: events,
      migrations,
      settings,
      openKeys: new Set(open.map((o) => o.key)),
    },
    open: open.map((o) => ({ ...o, rule: o.rule as RuleId })),
    pending: pending.map((p) => ({ ...p, rule: p.rule as RuleId })),
    maintenance: !!maint,
  };
}
