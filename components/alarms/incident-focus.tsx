'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { RelativeTime } from '@/components/ui/relative-time';
import { useTRPC } from '@/trpc/client';
import { IncidentActions } from './incident-actions';
import { IncidentPeople, IncidentPlace, SeverityBadge } from './incident-table';

const EVENT_WORD = { opened: 'opened', updated: 'updated', resolved: 'resolved', acknowledged: 'acknowledged', silenced: 'silenced', unsilenced: 'unsilenced' } as const;

/**
 * One incident opened from a link (?incident=<id>, as in the messages): whatever tab it would sit
 * in, it is shown first, with its timeline, and takes the focus so a keyboard or screen-reader user
 * lands on it.
 */
export function IncidentFocus({ id, canAct, onClose }: { id: number; canAct: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.alarm.byId.queryOptions({ id }, { refetchInterval: 15_000, retry: false }));
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = q.data !== undefined;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded, id]);
  if (q.isPending) return <p className="muted">Loading incident {id}…</p>;
  if (q.error) return <ErrorPanel title={`Could not load incident ${id}`} error={q.error} />;
  const i = q.data;
  return (
    <section className="panel incident-focus-panel" aria-labelledby="incident-focus-h" data-incident={i.id}>
      <div className="card-head">
        <h2 id="incident-focus-h" tabIndex={-1} ref={heading}>
          <SeverityBadge severity={i.severity} /> {i.title}
        </h2>
        <button type="button" className="button button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <p>
        <IncidentPlace incident={i} /> · {i.rule}
        {i.detail ? ` · ${i.detail}` : ''}
      </p>
      <p>
        Open since <RelativeTime at={i.openedAt} /> ({i.openedAt.toLocaleString()}),{' '}
        {i.resolvedAt ? <RelativeTime at={i.resolvedAt} prefix="resolved " /> : <RelativeTime at={i.lastSeenAt} prefix="last seen " />}
      </p>
      <IncidentPeople incident={i} />
      {canAct ? <IncidentActions incident={i} /> : null}
      <h3>Timeline</h3>
      <ol className="incident-timeline">
        <li>
          <RelativeTime at={i.openedAt} /> — opened
        </li>
        {i.events
          .filter((e) => e.kind !== 'opened')
          .map((e) => (
            <li key={e.id}>
              <RelativeTime at={e.at} /> — {EVENT_WORD[e.kind]}
              {e.by ? ` by ${e.by}` : ''}
              {e.text ? `: ${e.text}` : ''}
            </li>
          ))}
      </ol>
      <p className="small">
        <Link href={`/alarms?state=history&node=${i.nodeId}`}>Earlier incidents of {i.nodeName}</Link>
      </p>
    </section>
  );
}
