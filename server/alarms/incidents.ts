import { and, desc, eq, gt, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { ALARM_SEVERITIES, alarmIncidentEvents, alarmIncidents, alarmSilences, containers, nodes } from '../../db/schema';
import { FieldError, NotFoundError } from '../errors/general-errors';
import { RULE_IDS } from './rules/types';

/** Reading incidents and what people do to them: acknowledge (with a comment), silence (until), unsilence. */

export const INCIDENT_STATES = ['open', 'acknowledged', 'silenced', 'resolved'] as const;

export const incidentFilterSchema = z.object({
  state: z.enum([...INCIDENT_STATES, 'active', 'all']).default('active'),
  nodeId: z.number().int().positive().optional(),
  ctId: z.string().min(1).max(64).optional(),
  rule: z.enum(RULE_IDS).optional(),
  severity: z.enum(ALARM_SEVERITIES).optional(),
  /** Keyset paging: incidents opened before this id. */
  beforeId: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type IncidentFilter = z.input<typeof incidentFilterSchema>;

const silencesNow = (now: Date) => sql`from ${alarmSilences} s where s.node_id = ${alarmIncidents.nodeId}
  and s.ended_at is null and s.until > ${now.toISOString()}::timestamptz
  and (s.incident_id = ${alarmIncidents.id} or (s.incident_id is null and (s.rule is null or s.rule = ${alarmIncidents.rule})))`;
const silencedNow = (now: Date) => sql`exists (select 1 ${silencesNow(now)})`;
/** One field of the silence that lasts longest, for the list's "silenced by … until …". */
const longestSilence = (now: Date, field: SQL) => sql`(select ${field} ${silencesNow(now)} order by s.until desc limit 1)`;

export async function listIncidents(db: Db, raw: IncidentFilter, now: Date) {
  const f = incidentFilterSchema.parse(raw);
  const where: (SQL | undefined)[] = [
    f.nodeId ? eq(alarmIncidents.nodeId, f.nodeId) : undefined,
    f.ctId ? eq(alarmIncidents.ctId, f.ctId) : undefined,
    f.rule ? eq(alarmIncidents.rule, f.rule) : undefined,
    f.severity ? eq(alarmIncidents.severity, f.severity) : undefined,
    f.beforeId ? lt(alarmIncidents.id, f.beforeId) : undefined,
  ];
  const silenced = silencedNow(now);
  switch (f.state) {
    case 'active':
      where.push(isNull(alarmIncidents.resolvedAt));
      break;
    case 'open':
      where.push(isNull(alarmIncidents.resolvedAt), isNull(alarmIncidents.acknowledgedAt), sql`not ${silenced}`);
      break;
    case 'acknowledged':
      where.push(isNull(alarmIncidents.resolvedAt), isNotNull(alarmIncidents.acknowledgedAt));
      break;
    case 'silenced':
      where.push(isNull(alarmIncidents.resolvedAt), silenced);
      break;
    case 'resolved':
      where.push(isNotNull(alarmIncidents.resolvedAt));
      break;
    case 'all':
      break;
  }
  return db
    .select({
      id: alarmIncidents.id,
      rule: alarmIncidents.rule,
      severity: alarmIncidents.severity,
      scope: alarmIncidents.scope,
      nodeId: alarmIncidents.nodeId,
      nodeName: nodes.name,
      ctId: alarmIncidents.ctId,
      /** The CT's hostname as last seen (free text from the node: shown as text only). */
      ctHostname: containers.hostname,
      resource: alarmIncidents.resource,
      title: alarmIncidents.title,
      detail: alarmIncidents.detail,
      openedAt: alarmIncidents.openedAt,
      lastSeenAt: alarmIncidents.lastSeenAt,
      resolvedAt: alarmIncidents.resolvedAt,
      acknowledgedAt: alarmIncidents.acknowledgedAt,
      acknowledgedBy: alarmIncidents.acknowledgedBy,
      ackComment: alarmIncidents.ackComment,
      muted: alarmIncidents.muted,
      silenced: sql<boolean>`${silenced}`,
      silencedUntilMs: sql<number | string | null>`${longestSilence(now, sql`extract(epoch from s.until) * 1000`)}`,
      silencedBy: sql<string | null>`${longestSilence(now, sql`s.by`)}`,
      silenceComment: sql<string | null>`${longestSilence(now, sql`s.comment`)}`,
    })
    .from(alarmIncidents)
    .innerJoin(nodes, eq(nodes.id, alarmIncidents.nodeId))
    .leftJoin(containers, and(eq(containers.nodeId, alarmIncidents.nodeId), eq(containers.ctId, alarmIncidents.ctId)))
    .where(and(...where))
    .orderBy(desc(alarmIncidents.id))
    .limit(f.limit)
    .then((rows) => rows.map(({ silencedUntilMs, ...r }) => ({ ...r, silencedUntil: silencedUntilMs === null ? null : new Date(Number(silencedUntilMs)) })));
}

export async function findIncident(db: Db, id: number, now: Date) {
  const [incident] = await listIncidents(db, { state: 'all', limit: 1, beforeId: id + 1 }, now).then((rows) => rows.filter((r) => r.id === id));
  if (!incident) throw new NotFoundError(`incident ${id}`);
  const events = await db.select().from(alarmIncidentEvents).where(eq(alarmIncidentEvents.incidentId, id)).orderBy(alarmIncidentEvents.id);
  const silences = await db
    .select()
    .from(alarmSilences)
    .where(and(eq(alarmSilences.nodeId, incident.nodeId), or(eq(alarmSilences.incidentId, id), isNull(alarmSilences.incidentId)), isNull(alarmSilences.endedAt), gt(alarmSilences.until, now)));
  return { ...incident, events, silences };
}

export const acknowledgeInputSchema = z.object({ id: z.number().int().positive(), comment: z.string().trim().max(2000).default('') });

/** Acknowledging says "someone is on it"; messages still go out when it resolves. */
export async function acknowledgeIncident(db: Db, input: z.input<typeof acknowledgeInputSchema>, by: string, now: Date): Promise<void> {
  const { id, comment } = acknowledgeInputSchema.parse(input);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(alarmIncidents)
      .set({ acknowledgedAt: now, acknowledgedBy: by, ackComment: comment })
      .where(eq(alarmIncidents.id, id))
      .returning({ id: alarmIncidents.id });
    if (!row) throw new NotFoundError(`incident ${id}`);
    await tx.insert(alarmIncidentEvents).values({ incidentId: id, at: now, kind: 'acknowledged', by, text: comment });
  });
}

/** Silence one incident, or all of a node's incidents (of one rule), until a time at most 30 days off. */
export const silenceInputSchema = z
  .object({
    incidentId: z.number().int().positive().optional(),
    nodeId: z.number().int().positive().optional(),
    rule: z.enum(RULE_IDS).optional(),
    until: z.date(),
    comment: z.string().trim().max(2000).default(''),
  })
  .refine((s) => (s.incidentId === undefined) !== (s.nodeId === undefined), 'silence either one incident or one node');

export const MAX_SILENCE_MS = 30 * 86_400_000;

export async function silenceIncidents(db: Db, input: z.input<typeof silenceInputSchema>, by: string, now: Date): Promise<number> {
  const s = silenceInputSchema.parse(input);
  if (s.until.getTime() <= now.getTime() || s.until.getTime() - now.getTime() > MAX_SILENCE_MS) {
    throw new FieldError('until', 'a silence ends in the future, at most 30 days ahead');
  }
  return db.transaction(async (tx) => {
    let nodeId = s.nodeId;
    if (s.incidentId !== undefined) {
      const [inc] = await tx.select({ nodeId: alarmIncidents.nodeId }).from(alarmIncidents).where(eq(alarmIncidents.id, s.incidentId));
      if (!inc) throw new NotFoundError(`incident ${s.incidentId}`);
      nodeId = inc.nodeId;
    }
    const [row] = await tx
      .insert(alarmSilences)
      .values({ incidentId: s.incidentId ?? null, nodeId: nodeId!, rule: s.incidentId ? null : (s.rule ?? null), until: s.until, by, comment: s.comment, createdAt: now })
      .returning({ id: alarmSilences.id });
    const affected = s.incidentId
      ? [s.incidentId]
      : (
          await tx
            .select({ id: alarmIncidents.id })
            .from(alarmIncidents)
            .where(and(eq(alarmIncidents.nodeId, nodeId!), isNull(alarmIncidents.resolvedAt), s.rule ? eq(alarmIncidents.rule, s.rule) : undefined))
        ).map((r) => r.id);
    if (affected.length) {
      await tx.insert(alarmIncidentEvents).values(affected.map((incidentId) => ({ incidentId, at: now, kind: 'silenced' as const, by, text: `until ${s.until.toISOString()}${s.comment ? `: ${s.comment}` : ''}` })));
    }
    return row!.id;
  });
}

/** Ends the silences on an incident (its own, and node-wide ones covering it) now. */
export async function unsilenceIncident(db: Db, incidentId: number, by: string, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const [inc] = await tx.select({ nodeId: alarmIncidents.nodeId, rule: alarmIncidents.rule }).from(alarmIncidents).where(eq(alarmIncidents.id, incidentId));
    if (!inc) throw new NotFoundError(`incident ${incidentId}`);
    const ended = await tx
      .update(alarmSilences)
      .set({ endedAt: now })
      .where(
        and(
          eq(alarmSilences.nodeId, inc.nodeId),
          isNull(alarmSilences.endedAt),
          gt(alarmSilences.until, now),
          or(eq(alarmSilences.incidentId, incidentId), and(isNull(alarmSilences.incidentId), or(isNull(alarmSilences.rule), eq(alarmSilences.rule, inc.rule)))),
        ),
      )
      .returning({ id: alarmSilences.id });
    if (ended.length) await tx.insert(alarmIncidentEvents).values({ incidentId, at: now, kind: 'unsilenced', by, text: '' });
    return ended.length;
  });
}

/** Open incident counts by severity: the header's badge. */
export async function countActiveIncidents(db: Db) {
  const rows = await db
    .select({ severity: alarmIncidents.severity, n: sql<number>`count(*)::int` })
    .from(alarmIncidents)
    .where(isNull(alarmIncidents.resolvedAt))
    .groupBy(alarmIncidents.severity);
  return Object.fromEntries(ALARM_SEVERITIES.map((s) => [s, Number(rows.find((r) => r.severity === s)?.n ?? 0)])) as Record<(typeof ALARM_SEVERITIES)[number], number>;
}


/**
 * The header's badge: incidents nobody has taken yet (open, not acknowledged, not silenced) —
 * the same set as the /alarms "open" tab, so the number and the list agree.
 */
export async function countUnacknowledgedIncidents(db: Db, now: Date): Promise<{ total: number; critical: number }> {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      critical: sql<number>`(count(*) filter (where ${alarmIncidents.severity} = 'critical'))::int`,
    })
    .from(alarmIncidents)
    .where(and(isNull(alarmIncidents.resolvedAt), isNull(alarmIncidents.acknowledgedAt), sql`not ${silencedNow(now)}`));
  return { total: Number(row?.total ?? 0), critical: Number(row?.critical ?? 0) };
}
