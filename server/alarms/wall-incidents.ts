import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { alarmIncidents, alarmSilences, nodes, type AlarmSeverity } from '../../db/schema';

/** How many incidents the wall lists: read from across the room, a few lines in big type. */
export const WALL_INCIDENT_LIMIT = 5;

/**
 * What the wall screen may know of an incident, and no more (the wall role reads nothing else of
 * alarms): no comments, no people, no detail text, no CT hostnames.
 */
export interface WallIncident {
  id: number;
  severity: AlarmSeverity;
  title: string;
  nodeName: string;
  ctId: string | null;
  openedAt: Date;
  acknowledged: boolean;
  silenced: boolean;
}

/**
 * The worst open incidents for the wall: critical first, then the oldest, at most `limit`; plus
 * how many are open in all, so the wall can say "and 12 more". Incidents of nodes in maintenance
 * (muted) are left out: they are planned, not news.
 */
export async function findWallIncidents(db: Db, now: Date, limit = WALL_INCIDENT_LIMIT): Promise<{ incidents: WallIncident[]; open: number }> {
  const open = and(isNull(alarmIncidents.resolvedAt), eq(alarmIncidents.muted, false));
  const silenced = sql<boolean>`exists (select 1 from ${alarmSilences} s where s.node_id = ${alarmIncidents.nodeId}
    and s.ended_at is null and s.until > ${now.toISOString()}::timestamptz
    and (s.incident_id = ${alarmIncidents.id} or (s.incident_id is null and (s.rule is null or s.rule = ${alarmIncidents.rule}))))`;
  const rank = sql`case ${alarmIncidents.severity} when 'critical' then 0 when 'warning' then 1 else 2 end`;
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: alarmIncidents.id,
        severity: alarmIncidents.severity,
        title: alarmIncidents.title,
        nodeName: nodes.name,
        ctId: alarmIncidents.ctId,
        openedAt: alarmIncidents.openedAt,
        acknowledgedAt: alarmIncidents.acknowledgedAt,
        silenced,
      })
      .from(alarmIncidents)
      .innerJoin(nodes, eq(nodes.id, alarmIncidents.nodeId))
      .where(open)
      .orderBy(rank, asc(alarmIncidents.openedAt), asc(alarmIncidents.id))
      .limit(limit),
    db.select({ n: sql<number>`count(*)::int` }).from(alarmIncidents).where(open),
  ]);
  return {
    incidents: rows.map(({ acknowledgedAt, silenced: s, ...r }) => ({ ...r, acknowledged: acknowledgedAt !== null, silenced: Boolean(s) })),
    open: Number(count?.n ?? 0),
  };
}
