'use client';

import Link from 'next/link';
import { FreeText } from '@/components/ui/free-text';
import { RelativeTime } from '@/components/ui/relative-time';
import type { IncidentRow } from '@/trpc/types';
import { IncidentActions } from './incident-actions';
import { SEVERITY_LOOK } from './severity-look';

export function SeverityBadge({ severity }: { severity: IncidentRow['severity'] }) {
  const look = SEVERITY_LOOK[severity];
  return (
    <span className={`badge tone-${look.tone}`} data-severity={severity}>
      <span aria-hidden="true">{look.icon}</span> {look.label}
    </span>
  );
}

/** Node and CT of an incident, as links; the hostname is the CT owner's text, shown as text. */
export function IncidentPlace({ incident: i }: { incident: Pick<IncidentRow, 'nodeId' | 'nodeName' | 'ctId' | 'ctHostname'> }) {
  return (
    <>
      <Link href={`/nodes/${i.nodeId}`}>{i.nodeName}</Link>
      {i.ctId !== null ? (
        <>
          {' / '}
          <Link href={`/nodes/${i.nodeId}/ct/${encodeURIComponent(i.ctId)}`}>CT {i.ctId}</Link>
          {i.ctHostname ? (
            <div className="small hostname">
              <FreeText value={i.ctHostname} clip />
            </div>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** Who took the incident and what they said: acknowledgement and silence, with their comments. */
export function IncidentPeople({ incident: i }: { incident: IncidentRow }) {
  return (
    <>
      {i.acknowledgedAt ? (
        <div className="incident-person">
          Acknowledged by {i.acknowledgedBy ?? 'someone'} <RelativeTime at={i.acknowledgedAt} />
          {i.ackComment ? <q className="incident-comment">{i.ackComment}</q> : null}
        </div>
      ) : null}
      {i.silencedUntil ? (
        <div className="incident-person">
          Silenced by {i.silencedBy ?? 'someone'} until{' '}
          <time dateTime={i.silencedUntil.toISOString()}>{i.silencedUntil.toLocaleString()}</time>
          {i.silenceComment ? <q className="incident-comment">{i.silenceComment}</q> : null}
        </div>
      ) : null}
      {i.muted ? <div className="incident-person muted">Node in maintenance: no messages</div> : null}
      {!i.acknowledgedAt && !i.silencedUntil && !i.muted && !i.resolvedAt ? <span className="muted">nobody yet</span> : null}
    </>
  );
}

/** Incidents as a table: what, where, since when, last seen, who took it, and (for staff on shift) the actions. */
export function IncidentTable({ rows, canAct, focusId, label }: { rows: IncidentRow[]; canAct: boolean; focusId: number | null; label: string }) {
  return (
    <div className="table-wrap">
      <table className="data-table incident-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Incident</th>
            <th scope="col">Node / CT</th>
            <th scope="col">Since</th>
            <th scope="col">Last update</th>
            <th scope="col">Taken by</th>
            {canAct ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((i) => (
            <tr key={i.id} id={`incident-${i.id}`} className={i.id === focusId ? 'incident-focus' : undefined} aria-current={i.id === focusId ? 'true' : undefined} data-incident={i.id}>
              <td>
                <SeverityBadge severity={i.severity} />
              </td>
              <th scope="row">
                <Link href={`/alarms?incident=${i.id}`} className="incident-title">
                  {i.title}
                </Link>
                <div className="small muted">
                  {i.rule}
                  {i.detail ? ` · ${i.detail}` : ''}
                </div>
              </th>
              <td>
                <IncidentPlace incident={i} />
              </td>
              <td>
                <RelativeTime at={i.openedAt} />
              </td>
              <td>{i.resolvedAt ? <RelativeTime at={i.resolvedAt} prefix="resolved " /> : <RelativeTime at={i.lastSeenAt} prefix="seen " />}</td>
              <td>
                <IncidentPeople incident={i} />
              </td>
              {canAct ? (
                <td>
                  <IncidentActions incident={i} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
