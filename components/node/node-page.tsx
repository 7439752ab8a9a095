'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { useDocumentTitle } from '@/components/ui/use-document-title';
import { useTRPC } from '@/trpc/client';
import { CollectNowButton } from './collect-now-button';
import { ContainerTable } from './container-table';
import { DataAge } from './data-age';
import { HealthBadge } from './health-badge';
import { NodeFigures } from './node-figures';
import { NodeHealthAlert } from './node-health-alert';

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
  useDocumentTitle(detail.data ? detail.data.node.name : null);

  if (detail.isPending) return <Skeleton lines={6} label="Loading node…" />;
  if (detail.error) {
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
  const stale = health !== 'ok' && health !== 'degraded';
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/nodes">Nodes</Link> / <span aria-current="page">{node.name}</span>
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
      {poll ? <NodeHealthAlert node={node} poll={poll} /> : null}
      <DataAge collectedAt={snapshot?.collectedAt ?? null} stale={stale} />
      <div className={stale && snapshot ? 'stale-block' : undefined}>
        {snapshot ? <NodeFigures snapshot={snapshot} /> : null}
        <section aria-labelledby="cts-title">
          <h2 id="cts-title">Containers</h2>
          {cts.isPending ? <Skeleton lines={5} label="Loading containers…" /> : null}
          {cts.error ? <ErrorPanel title="Could not load the containers" error={cts.error} onRetry={() => void cts.refetch()} /> : null}
          {cts.data ? <ContainerTable nodeId={node.id} rows={cts.data} /> : null}
        </section>
      </div>
    </>
  );
}
