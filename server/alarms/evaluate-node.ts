import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { alarmIncidentEvents, alarmIncidents, alarmNodeState, alarmPending, alarmSilences } from '../../db/schema';
import { enqueueIncidentMessages } from './delivery/outbox';
import { severityAtLeast } from './delivery/route';
import type { AlarmMessage } from './delivery/message';
import { evaluateIncidents, type OpenIncidentState } from './incident-machine';
import { loadNodeAlarmState, type Tx } from './load-input';
import { runRules } from './rules';
import type { Condition } from './rules/types';

export interface EvaluateDeps {
  db: Db;
  clock: () => Date;
  /** The fleet's poll interval; a node's own overrides it. */
  pollIntervalMs: number;
  publicUrl?: string | null;
}

export interface NodeEvaluation {
  opened: number;
  updated: number;
  resolved: number;
  /** Delivery rows written for sending (not those held back by silence or maintenance). */
  queued: number;
}

/**
 * Evaluates one node's alarms after its poll was stored, in one transaction: rules over the stored
 * data, the incident machine, and the outbox rows of every open/resolve. The node's alarm_node_state
 * row is locked first, so two evaluations of one node (two instances, a lease moving) never
 * interleave; with the collector's leases it runs once per poll.
 */
export async function evaluateNodeAlarms(deps: EvaluateDeps, nodeId: number): Promise<NodeEvaluation> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const result: NodeEvaluation = { opened: 0, updated: 0, resolved: 0, queued: 0 };
    await tx.insert(alarmNodeState).values({ nodeId }).onConflictDoNothing();
    await tx.execute(sql`select node_id from alarm_node_state where node_id = ${nodeId} for update`);
    const state = await loadNodeAlarmState(tx, nodeId, now, deps.pollIntervalMs);
    if (!state) return result;
    const e = evaluateIncidents(state.open, state.pending, runRules(state.input), now);
    const silences = await activeSilences(tx, nodeId, now);
    const heldBack = (incidentId: number, rule: string) =>
      state.maintenance ? 'node in maintenance' : silences.some((s) => s.incidentId === incidentId || (s.incidentId === null && (s.rule === null || s.rule === rule))) ? 'silenced' : null;
    const messageBase = { nodeName: state.input.node.name };
    const tags = state.input.node.tags;

    for (const c of e.open) {
      const [row] = await tx
        .insert(alarmIncidents)
        .values({ key: c.key, rule: c.rule, severity: c.severity, scope: c.scope, nodeId, ctId: c.ctId, resource: c.resource, title: c.title, detail: c.detail, value: c.value, openedAt: now, lastSeenAt: now, muted: state.maintenance })
        .onConflictDoNothing()
        .returning({ id: alarmIncidents.id });
      if (!row) continue; // opened meanwhile by another evaluation: it is that one's to report
      await tx.insert(alarmIncidentEvents).values({ incidentId: row.id, at: now, kind: 'opened', text: c.title });
      result.opened++;
      result.queued += await enqueueIncidentMessages(
        tx,
        { incidentId: row.id, event: 'opened', severity: c.severity, nodeTags: tags, message: toMessage(c, row.id, 'opened', now, null, messageBase.nodeName, deps.publicUrl), heldBack: heldBack(row.id, c.rule) },
        now,
      );
    }
    for (const u of e.update) {
      const c = u.condition;
      await tx.update(alarmIncidents).set({ rule: c.rule, severity: c.severity, title: c.title, detail: c.detail, value: c.value, lastSeenAt: now }).where(eq(alarmIncidents.id, u.id));
      if (u.severityChanged) await tx.insert(alarmIncidentEvents).values({ incidentId: u.id, at: now, kind: 'updated', text: `${c.severity}: ${c.title}` });
      result.updated++;
      const before = state.open.find((o) => o.id === u.id)!;
      if (u.severityChanged && !severityAtLeast(before.severity, c.severity)) {
        // Worse now: channels that take only the worse severity hear of it once, as an opening.
        const [row] = await tx.select({ openedAt: alarmIncidents.openedAt }).from(alarmIncidents).where(eq(alarmIncidents.id, u.id));
        result.queued += await enqueueIncidentMessages(
          tx,
          { incidentId: u.id, event: 'opened', escalated: true, severity: c.severity, nodeTags: tags, message: toMessage(c, u.id, 'opened', row!.openedAt, null, messageBase.nodeName, deps.publicUrl), heldBack: heldBack(u.id, c.rule) },
          now,
        );
      }
    }
    const unchanged = e.seen.filter((id) => !e.update.some((u) => u.id === id));
    if (unchanged.length) await tx.update(alarmIncidents).set({ lastSeenAt: now }).where(inArray(alarmIncidents.id, unchanged));
    for (const inc of e.resolve) {
      const [row] = await tx
        .update(alarmIncidents)
        .set({ resolvedAt: now })
        .where(and(eq(alarmIncidents.id, inc.id), isNull(alarmIncidents.resolvedAt)))
        .returning({ openedAt: alarmIncidents.openedAt, ctId: alarmIncidents.ctId, resource: alarmIncidents.resource });
      if (!row) continue;
      await tx.insert(alarmIncidentEvents).values({ incidentId: inc.id, at: now, kind: 'resolved', text: inc.title });
      result.resolved++;
      const message = toMessage({ ...inc, ctId: row.ctId, resource: row.resource }, inc.id, 'resolved', row.openedAt, now, messageBase.nodeName, deps.publicUrl);
      result.queued += await enqueueIncidentMessages(tx, { incidentId: inc.id, event: 'resolved', severity: inc.severity, nodeTags: tags, message, heldBack: heldBack(inc.id, inc.rule) }, now);
    }

    await tx.delete(alarmPending).where(eq(alarmPending.nodeId, nodeId));
    if (e.pending.length) await tx.insert(alarmPending).values(e.pending.map((p) => ({ nodeId, key: p.key, rule: p.rule, since: p.since, polls: p.polls })));
    await tx.update(alarmNodeState).set({ evaluatedAt: now }).where(eq(alarmNodeState.nodeId, nodeId));
    return result;
  });
}

async function activeSilences(tx: Tx, nodeId: number, now: Date) {
  return tx
    .select({ incidentId: alarmSilences.incidentId, rule: alarmSilences.rule })
    .from(alarmSilences)
    .where(and(eq(alarmSilences.nodeId, nodeId), isNull(alarmSilences.endedAt), gt(alarmSilences.until, now)));
}

function toMessage(
  c: Pick<Condition, 'severity' | 'rule' | 'title' | 'detail' | 'ctId' | 'resource'> | (OpenIncidentState & { ctId: string | null; resource: string | null }),
  incidentId: number,
  event: 'opened' | 'resolved',
  openedAt: Date,
  resolvedAt: Date | null,
  nodeName: string,
  publicUrl: string | null | undefined,
): AlarmMessage {
  return {
    event,
    incidentId,
    severity: c.severity,
    rule: c.rule,
    title: c.title,
    detail: c.detail,
    nodeName,
    ctId: c.ctId,
    resource: c.resource,
    openedAt: openedAt.toISOString(),
    resolvedAt: resolvedAt?.toISOString() ?? null,
    url: publicUrl ? `${publicUrl.replace(/\/$/, '')}/alarms?incident=${incidentId}` : null,
  };
}
