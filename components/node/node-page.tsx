'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { OpenAlarms, useOpenAlarms } from '@/components/alarms/open-alarms';
import { HistoryPanel } from '@/components/charts/history-panel';
import { NodeMigrate } from '@/components/migration/node-migrate';
import { EvacuatePanel } from '@/components/migration/plan-panel';
import { formatPercent } from '@/components/format/units';
import { ErrorPanel } from '@/components/ui/error-panel';
import { awaitingFirstAnswer } from '@/components/ui/first-answer';
import { Skeleton } from '@/components/ui/skeleton';
import { useDocumentTitle } from '@/components/ui/use-document-title';
import { useUrlState } from '@/components/ui/use-url-state';
import { useTRPC } from '@/trpc/client';
import { nodeSeriesKey } from '@/vocabulary/series-key';
import { CollectNowButton } from './collect-now-button';
import { ContainerTable } from './container-table';
import { DataAge } from './data-age';
import { HealthBadge } from './health-badge';
import { NodeCapacity } from './node-capacity';
import { NodeCharts } from './node-charts';
import { NodeFigures } from './node-figures';
import { NodeHealthAlert } from './node-health-alert';
import { NodeNoiseNote } from './node-noise-note';
import { NodeWrapperNote } from './wrapper-note';
import { NodeStatusLine } from './node-status-line';
import { nodeSearch, parseNodeParams } from './node-params';

const REFRESH_MS = 15_000;
/** Until the first snapshot arrives (e.g. right after a host key was accepted), look more often. */
const WAITING_MS = 3_000;

export function NodePage({ nodeId }: { nodeId: number }) {
  const trpc = useTRPC();
  const detail = useQuery(
    trpc.node.byId.queryOptions({ id: nodeId }, { refetchInterval: (q) => (q.state.data?.snapshot ? REFRESH_MS : WAITING_MS) }),
  );
  const cts = useQuery(
    trpc.container.listByNode.queryOptions({ nodeId }, { refetchInterval: (q) => (q.state.data?.length ? REFRESH_MS : WAITING_MS) }),
  );
  const alarms = useOpenAlarms(nodeId);
  useDocumentTitle(detail.data ? detail.data.node.name : null);
  const [params, setParams] = useUrlState(parseNodeParams, nodeSearch);

  // The alarms come in the same batched request as the node: waiting for them costs nothing and
  // draws the page once, with the table where it stays.
  if (detail.isPending || awaitingFirstAnswer(alarms)) return <Skeleton lines={6} label="Loading node…" />;
  if (detail.error && !detail.data) {
    return (
      <>
        <p>
          <Link href="/nodes">← Nodes</Link>
        </p>
        <ErrorPanel title={`Could not load node ${nodeId}`} error={detail.error} onRetry={() => void detail.refetch()} />
      </>
    );
  }
  const { node, poll, snapshot } = detail.data;
  const health = poll?.health ?? 'never-polled';
  // The server's verdict: an outage-type poll, or data older than a few of this node's poll intervals.
  const stale = detail.data.status?.stale ?? health !== 'ok';
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/">Fleet</Link> / <Link href="/nodes">Nodes</Link> / <span aria-current="page">{node.name}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1>{node.name}</h1>
          <p className="mono muted">
            {node.sshUser}@{node.host}:{node.port}
            {node.location ? <span className="sans"> · {node.location}</span> : null}
          </p>
        </div>
        <HealthBadge health={health} />
        <CollectNowButton nodeId={node.id} />
      </div>
      {/* Free text from the inventory: shown as text (React escapes it), line breaks kept. */}
      {node.notes ? (
        <p className="node-notes">
          <span className="visually-hidden">Notes: </span>
          {node.notes}
        </p>
      ) : null}
      {poll ? <NodeHealthAlert node={node} poll={poll} /> : null}
      {poll ? <NodeNoiseNote poll={poll} /> : null}
      {poll ? <NodeWrapperNote poll={poll} /> : null}
      {detail.data.status && snapshot ? <NodeStatusLine status={detail.data.status} /> : null}
      <OpenAlarms alarms={alarms} nodeId={node.id} />
      <DataAge
        collectedAt={snapshot?.collectedAt ?? null}
        stale={stale}
        poll={detail.data.status ? { intervalMs: detail.data.status.pollIntervalMs, staleAfterMs: detail.data.status.staleAfterMs } : null}
      />
      <div className={stale && snapshot ? 'stale-block' : undefined}>
        {snapshot ? <NodeFigures snapshot={snapshot} /> : null}
        {snapshot ? <NodeCharts nodeId={node.id} /> : null}
        <section aria-labelledby="cts-title">
          <h2 id="cts-title">Containers</h2>
          {cts.isPending ? <Skeleton lines={5} label="Loading containers…" /> : null}
          {cts.error && !cts.data ? <ErrorPanel title="Could not load the containers" error={cts.error} onRetry={() => void cts.refetch()} /> : null}
          {cts.data ? <ContainerTable nodeId={node.id} rows={cts.data} query={params.q} sort={params.sort} onChange={setParams} /> : null}
          {cts.data ? <NodeMigrate nodeId={node.id} ctIds={cts.data.map((c) => c.ctId)} /> : null}
        </section>
        <NodeCapacity nodeId={node.id} />
        <EvacuatePanel nodeId={node.id} />
        <section aria-labelledby="history-title">
          <h2 id="history-title">History</h2>
          <HistoryPanel
            nodeId={node.id}
            range={params.range}
            onRange={(range) => setParams({ range })}
            charts={[
              { key: nodeSeriesKey('allocCommit'), title: 'Memory commitment (alloc commit, % of RAM + swap)', scale: (v) => v * 100, format: formatPercent },
              { key: nodeSeriesKey('memswapUtil'), title: 'Memory in use (memswap util, % of RAM + swap)', scale: (v) => v * 100, format: formatPercent },
              { key: nodeSeriesKey('cpuCommitted'), title: 'CPU guarantees (Σ cpuunits, % of node power)', scale: (v) => v * 100, format: formatPercent },
              { key: nodeSeriesKey('failcnt'), title: 'failcnt, all containers (cumulative)', format: (v) => String(Math.round(v)) },
            ]}
          />
        </section>
      </div>
    </>
  );
}
