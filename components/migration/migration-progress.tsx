'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '@/trpc/client';
import { formatSeconds, isActive, OUTCOME_LABEL, outcomeTone } from './migration-format';

interface ProgressEvent {
  id: number;
  kind: string;
  text: string;
  data: Record<string, unknown> | null;
}

/**
 * A job's progress as stored events: replayed from the start on mount (a reload or another
 * browser sees the same), then streamed until the job ends.
 */
export function MigrationProgress({ jobId }: { jobId: string }) {
  const trpc = useTRPC();
  const [events, setEvents] = useState<ProgressEvent[]>([]);
  const lastStatus = [...events].reverse().find((e) => e.kind === 'status');
  const ended = lastStatus ? !isActive(lastStatus.text) : false;
  const job = useQuery(trpc.migration.byId.queryOptions({ jobId }, { refetchInterval: ended ? false : 5_000 }));
  useSubscription(
    trpc.migration.onProgress.subscriptionOptions(
      { jobId },
      {
        onData: (e) => {
          const ev = e.data as ProgressEvent;
          setEvents((prev) => (prev.some((p) => p.id === ev.id) ? prev : [...prev, ev]));
          if (ev.kind === 'status' && !isActive(ev.text)) void job.refetch();
        },
      },
    ),
  );
  const cancel = useMutation(trpc.migration.cancel.mutationOptions());
  const j = job.data;
  const status = j && !isActive(j.status) ? j.status : (lastStatus?.text ?? j?.status ?? 'queued');
  const phases = events.filter((e) => e.kind === 'phase');
  return (
    <section aria-label="Migration progress" className="card migration-progress">
      <h3>
        CT {j?.ctId} {j ? `${j.sourceName} → ${j.targetName}` : ''}{' '}
        <span className={`badge ${outcomeTone(status)}`} role="status" aria-label="Outcome">
          {OUTCOME_LABEL[status] ?? status}
        </span>
      </h3>
      {isActive(status) ? (
        <button type="button" className="button button-small" disabled={cancel.isPending} onClick={() => cancel.mutate({ jobId })}>
          Cancel migration
        </button>
      ) : null}
      {cancel.error ? <p role="alert">{cancel.error.message}</p> : null}
      <ol aria-label="Phases">
        {phases.map((p, i) => (
          <li key={p.id} className={i === phases.length - 1 && isActive(status) ? 'current' : undefined}>
            {p.text}
          </li>
        ))}
      </ol>
      {j && !isActive(j.status) ? (
        <dl className="facts">
          {j.online ? (
            <>
              <dt>Freeze time</dt>
              <dd aria-label="Freeze time">{formatSeconds(j.freezeSeconds)}</dd>
            </>
          ) : null}
          {j.error ? (
            <>
              <dt>Error</dt>
              <dd aria-label="Error">{j.error}</dd>
            </>
          ) : null}
          {j.warnings.length > 0 ? (
            <>
              <dt>Warnings</dt>
              <dd>{j.warnings.join('; ')}</dd>
            </>
          ) : null}
          <dt>Container</dt>
          <dd>
            {j.status.startsWith('succeeded') && j.targetNodeId ? (
              <Link href={`/nodes/${j.targetNodeId}/ct/${j.ctId}`}>CT {j.ctId} on {j.targetName}</Link>
            ) : j.sourceNodeId ? (
              <Link href={`/nodes/${j.sourceNodeId}/ct/${j.ctId}`}>CT {j.ctId} on {j.sourceName}</Link>
            ) : null}
          </dd>
        </dl>
      ) : null}
      <details>
        <summary>Log ({events.filter((e) => e.kind === 'line').length} lines)</summary>
        <pre className="migration-log">{events.filter((e) => e.kind !== 'status').map((e) => e.text).join('\n')}</pre>
      </details>
      <p className="small">
        <Link href={`/migrations/${jobId}`}>Job page</Link>
      </p>
    </section>
  );
}
