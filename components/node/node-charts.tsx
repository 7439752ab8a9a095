'use client';

import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { useTRPC } from '@/trpc/client';

// Recharts is the heaviest library of the app: it loads after the page's first render.
const chartLoading = () => <Skeleton lines={6} label="Loading chart…" />;
const MemoryOvercommitChart = dynamic(() => import('@/components/charts/memory-overcommit-chart').then((m) => m.MemoryOvercommitChart), { ssr: false, loading: chartLoading });
const CpuGuaranteeChart = dynamic(() => import('@/components/charts/cpu-guarantee-chart').then((m) => m.CpuGuaranteeChart), { ssr: false, loading: chartLoading });

/** The node's memory-overcommit and CPU-guarantee charts from its latest snapshot. */
export function NodeCharts({ nodeId }: { nodeId: number }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.node.charts.queryOptions({ id: nodeId }, { refetchInterval: 30_000 }));
  if (q.isPending) return <Skeleton lines={6} label="Loading charts…" />;
  if (q.error && !q.data) return <ErrorPanel title="Could not load the charts" error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return null;
  const { memory, cpu, collectedAtMs } = q.data;
  if (collectedAtMs === null) return <p className="empty-inline">The charts appear after the first successful poll of this node.</p>;
  return (
    <div className="chart-grid">
      <section className="card" aria-labelledby="mem-chart-title">
        <h2 id="mem-chart-title">Memory overcommit ({memory?.model ?? 'vzmemcheck'})</h2>
        {memory ? <MemoryOvercommitChart data={memory} /> : <p className="muted">No /proc/meminfo figures: the node&apos;s RAM and swap are unknown.</p>}
      </section>
      <section className="card" aria-labelledby="cpu-chart-title">
        <h2 id="cpu-chart-title">CPU guarantees (vzcpucheck)</h2>
        {cpu ? <CpuGuaranteeChart data={cpu} /> : <p className="muted">vzcpucheck gave no figures: the node&apos;s power is unknown.</p>}
      </section>
    </div>
  );
}
