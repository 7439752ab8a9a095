'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { RelativeTime } from '@/components/ui/relative-time';
import { useTRPC } from '@/trpc/client';
import { SeverityBadge } from './incident-table';

const SHOWN = 10;

/**
 * The open alarms of one node (its CTs' included) or of one CT. The page asks for them together
 * with its own data, so they come in the same batched request and the page is drawn once with
 * them: a list that arrived later pushed everything below it down by its length, under the
 * user's pointer.
 */
export function useOpenAlarms(nodeId: number, ctId?: string) {
  const trpc = useTRPC();
  return useQuery(trpc.alarm.list.queryOptions({ state: 'active', nodeId, ctId, limit: SHOWN + 1 }, { refetchInterval: 15_000 }));
}

type OpenAlarmsQuery = ReturnType<typeof useOpenAlarms>;

/**
 * Those alarms as a short list on the page; each links to the incident on /alarms. Says plainly
 * when there are none.
 */
export function OpenAlarms({ alarms: q, nodeId, ctId }: { alarms: OpenAlarmsQuery; nodeId: number; ctId?: string }) {
  const rows = q.data ?? [];
  const titleId = ctId === undefined ? 'node-alarms-h' : 'ct-alarms-h';
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>Open alarms</h2>
      {q.isPending ? <p className="empty-inline">Reading alarms…</p> : null}
      {q.error ? <p className="small muted">Alarms could not be read: {q.error.message}</p> : null}
      {q.data && rows.length === 0 ? <p className="empty-inline">No open alarms.</p> : null}
      {rows.length > 0 ? (
        <ul className="open-alarms">
          {rows.slice(0, SHOWN).map((i) => (
            <li key={i.id}>
              <SeverityBadge severity={i.severity} />
              <Link href={`/alarms?incident=${i.id}`}>{i.title}</Link>
              <span className="small muted">
                since <RelativeTime at={i.openedAt} />
                {i.acknowledgedBy ? ` · acknowledged by ${i.acknowledgedBy}` : ''}
                {i.silenced ? ' · silenced' : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {rows.length > SHOWN || (ctId === undefined && rows.length > 0) ? (
        <p className="small">
          <Link href={`/alarms?node=${nodeId}`}>All alarms of this node</Link>
        </p>
      ) : null}
    </section>
  );
}
