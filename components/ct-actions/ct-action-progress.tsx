'use client';

import { useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import { useTRPC } from '@/trpc/client';
import { CT_ACTION_OUTCOME_LABEL, ctActionTone, isCtActionActive } from './ct-action-format';

interface ActionEvent {
  id: number;
  kind: string;
  text: string;
  data: Record<string, unknown> | null;
}

/**
 * A CT action's output as the node printed it, replayed from the start and streamed until the job
 * ends; the outcome is the status read back on the node. Lines are text in a <pre>, never markup.
 */
export function CtActionProgress({ jobId, onDone }: { jobId: string; onDone?: (status: string) => void }) {
  const trpc = useTRPC();
  const [events, setEvents] = useState<ActionEvent[]>([]);
  const lastStatus = [...events].reverse().find((e) => e.kind === 'status');
  const ended = lastStatus ? !isCtActionActive(lastStatus.text) : false;
  const job = useQuery(trpc.ctAction.byId.queryOptions({ jobId }, { refetchInterval: ended ? false : 5_000 }));
  useSubscription(
    trpc.ctAction.onProgress.subscriptionOptions(
      { jobId },
      {
        onData: (e) => {
          const ev = e.data as ActionEvent;
          setEvents((prev) => (prev.some((p) => p.id === ev.id) ? prev : [...prev, ev]));
          if (ev.kind === 'status' && !isCtActionActive(ev.text)) {
            void job.refetch();
            onDone?.(ev.text);
          }
        },
      },
    ),
  );
  const j = job.data;
  const status = j && !isCtActionActive(j.status) ? j.status : (lastStatus?.text ?? j?.status ?? 'running');
  const verified = [...events].reverse().find((e) => e.kind === 'status' && e.data && typeof e.data.verified === 'string')?.data?.verified as string | undefined;
  return (
    <section aria-label="CT action progress" className="card ct-action-progress">
      <h3>
        {j ? `${j.action} CT ${j.ctId} on ${j.nodeName}` : 'CT action'}{' '}
        <span className={`badge ${ctActionTone(status)}`} role="status" aria-label="Action outcome">
          {CT_ACTION_OUTCOME_LABEL[status] ?? status}
        </span>
      </h3>
      <pre className="migration-log" aria-label="Action output">
        {events.filter((e) => e.kind === 'line').map((e) => e.text).join('\n')}
      </pre>
      {verified ? <p className="small muted">{verified}</p> : null}
      {j?.error ? <p role="alert">Error: {j.error}</p> : null}
      {j && j.warnings.length > 0 ? <p className="small">Warnings: {j.warnings.join('; ')}</p> : null}
    </section>
  );
}
