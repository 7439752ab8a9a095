'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { DataAge } from '@/components/node/data-age';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { useDocumentTitle } from '@/components/ui/use-document-title';
import { useTRPC } from '@/trpc/client';
import { BeancounterTable } from './beancounter-table';
import { CtInfo } from './ct-info';
import { QuotaPanel } from './quota-panel';

export function ContainerPage({ nodeId, ctId }: { nodeId: number; ctId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.container.byId.queryOptions({ nodeId, ctId }, { refetchInterval: 15_000 }));
  useDocumentTitle(q.data ? `CT ${q.data.container.ctId} on ${q.data.node.name}` : null);
  if (q.isPending) return <Skeleton lines={8} label="Loading container…" />;
  if (q.error) {
    return (
      <>
        <p>
          <Link href={`/nodes/${nodeId}`}>← Node</Link>
        </p>
        <ErrorPanel title={`Could not load CT ${ctId}`} error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  }
  const { node, container, collectedAt, beancounters, quota } = q.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/nodes">Nodes</Link> / <Link href={`/nodes/${node.id}`}>{node.name}</Link> / <span aria-current="page">CT {container.ctId}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1>CT {container.ctId}</h1>
          <p className="hostname muted">{container.hostname}</p>
        </div>
      </div>
      <DataAge collectedAt={collectedAt} stale={false} />
      <div className="cards">
        <section className="card" aria-labelledby="ct-info-title">
          <h2 id="ct-info-title">Container</h2>
          <CtInfo ct={container} />
        </section>
        <section className="card card-wide" aria-labelledby="quota-title">
          <h2 id="quota-title">Disk quota</h2>
          <QuotaPanel quota={quota} />
        </section>
      </div>
      <section aria-labelledby="bc-title">
        <h2 id="bc-title">Beancounters</h2>
        <p className="small muted">
          As <code>cat /proc/user_beancounters</code> prints them. ∞ = unlimited. failcnt counts refusals since the CT started.
        </p>
        <BeancounterTable rows={beancounters} />
      </section>
    </>
  );
}
