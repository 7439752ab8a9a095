'use client';

import { useQuery } from '@tanstack/react-query';
import { FreeText } from '@/components/ui/free-text';
import Link from 'next/link';
import { CtActionsPanel } from '@/components/ct-actions/ct-actions-panel';
import { CtProcesses } from '@/components/ct-actions/ct-processes';
import { OpenAlarms, useOpenAlarms } from '@/components/alarms/open-alarms';
import { MigrateButton } from '@/components/migration/migrate-dialog';
import { DataAge } from '@/components/node/data-age';
import { HealthBadge } from '@/components/node/health-badge';
import { ErrorPanel } from '@/components/ui/error-panel';
import { awaitingFirstAnswer } from '@/components/ui/first-answer';
import { Skeleton } from '@/components/ui/skeleton';
import { useDocumentTitle } from '@/components/ui/use-document-title';
import { useNow } from '@/components/ui/use-now';
import { useUrlState } from '@/components/ui/use-url-state';
import { useTRPC } from '@/trpc/client';
import { BeancounterTable } from './beancounter-table';
import { ContainerHistory } from './container-history';
import { containerSearch, parseContainerParams } from './container-params';
import { CtFigures } from './ct-figures';
import { CtInfo } from './ct-info';
import { FailcntTimeline } from './failcnt-timeline';
import { QuotaPanel } from './quota-panel';
import { LimitsSection } from '@/components/limits/limits-section';

export function ContainerPage({ nodeId, ctId }: { nodeId: number; ctId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.container.byId.queryOptions({ nodeId, ctId }, { refetchInterval: 15_000 }));
  const events = useQuery(trpc.container.events.queryOptions({ nodeId, ctId, days: 7 }, { refetchInterval: 15_000 }));
  const alarms = useOpenAlarms(nodeId, ctId);
  const [params, setParams] = useUrlState(parseContainerParams, containerSearch);
  const now = useNow();
  useDocumentTitle(q.data ? `CT ${q.data.container.ctId} on ${q.data.node.name}` : null);
  // The alarms come in the same batched request: the page is drawn once, with them (open-alarms.tsx).
  if (q.isPending || awaitingFirstAnswer(alarms)) return <Skeleton lines={8} label="Loading container…" />;
  if (q.error && !q.data) {
    return (
      <>
        <p>
          <Link href={`/nodes/${nodeId}`}>← Node</Link>
        </p>
        <ErrorPanel title={`Could not load CT ${ctId}`} error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  }
  const { node, container, collectedAt, beancounters, quota, quotaUse, cpu, memory, refusals1h, stale } = q.data;
  const refusals = Object.values(refusals1h).reduce((s, n) => s + n, 0);
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/">Fleet</Link> / <Link href={`/nodes/${node.id}`}>{node.name}</Link> / <span aria-current="page">CT {container.ctId}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1>CT {container.ctId}</h1>
          {container.hostname !== null ? (
            <p className="hostname muted">
              <FreeText value={container.hostname} />
            </p>
          ) : null}
        </div>
        {refusals > 0 ? (
          <span className="badge tone-bad">
            <span aria-hidden="true">✕</span> {refusals} refusal{refusals === 1 ? '' : 's'} in the last hour
          </span>
        ) : (
          <span className="badge tone-good">
            <span aria-hidden="true">✓</span> no refusals in the last hour
          </span>
        )}
        <span className="small muted">
          node <HealthBadge health={node.health} />
        </span>
      </div>
      <MigrateButton nodeId={node.id} ctId={container.ctId} />
      <CtActionsPanel nodeId={node.id} ctId={container.ctId} hostname={container.hostname} />
      {q.error ? <ErrorPanel title="Refreshing failed — showing the last figures" error={q.error} /> : null}
      <DataAge collectedAt={collectedAt} stale={stale} poll={q.data.poll} />
      <OpenAlarms alarms={alarms} nodeId={node.id} ctId={container.ctId} />
      <div className="cards">
        <section className="card" aria-labelledby="ct-info-title">
          <h2 id="ct-info-title">Container</h2>
          <CtInfo ct={container} />
        </section>
        <section className="card" aria-labelledby="ct-share-title">
          <h2 id="ct-share-title">Share of the node</h2>
          <CtFigures cpu={cpu} memory={memory} />
        </section>
        <section className="card card-wide" aria-labelledby="quota-title">
          <h2 id="quota-title">Disk quota</h2>
          <QuotaPanel quota={quota} use={quotaUse} />
        </section>
      </div>
      <CtProcesses nodeId={node.id} ctId={container.ctId} />
      <section aria-labelledby="bc-title">
        <h2 id="bc-title">Beancounters</h2>
        <p className="small muted">
          As <code>cat /proc/user_beancounters</code> prints them. ∞ = unlimited. failcnt counts refusals since the CT started; ▲ marks refusals in the last hour.
        </p>
        <BeancounterTable rows={beancounters} refusals1h={refusals1h} />
      </section>
      <LimitsSection nodeId={node.id} ctId={container.ctId} />
      <section aria-labelledby="events-title">
        <h2 id="events-title">Events</h2>
        {events.isPending ? <Skeleton lines={3} label="Loading events…" /> : null}
        {events.error && !events.data ? <ErrorPanel title="Could not load the events" error={events.error} onRetry={() => void events.refetch()} /> : null}
        {events.data ? <FailcntTimeline events={events.data} nowMs={Math.max(now, Date.now())} /> : null}
      </section>
      <section aria-labelledby="ct-history-title">
        <h2 id="ct-history-title">History</h2>
        <ContainerHistory nodeId={node.id} ctId={container.ctId} rows={beancounters} events={events.data ?? []} resource={params.res} range={params.range} onChange={setParams} />
      </section>
    </>
  );
}
