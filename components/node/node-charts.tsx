'use client';

import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { ErrorPanel } from '@/components/ui/error-panel';
import { ChartPlaceholder, CPU_GUARANTEE_PX, CPU_LIMIT_PX, MEMORY_CHART_PX } from '@/components/charts/chart-placeholder';
import { useTRPC } from '@/trpc/client';

// Recharts is the heaviest library of the app: it loads after the page's first render.
const memoryLoading = () => <ChartPlaceholder height={MEMORY_CHART_PX} label="Loading chart…" />;
const cpuLoading = () => <ChartPlaceholder height={CPU_GUARANTEE_PX + CPU_LIMIT_PX} label="Loading chart…" />;
const MemoryOvercommitChart = dynamic(() => import('@/components/charts/memory-overcommit-chart').then((m) => m.MemoryOvercommitChart), { ssr: false, loading: memoryLoading });
const CpuGuaranteeChart = dynamic(() => import('@/components/charts/cpu-guarantee-chart').then((m) => m.CpuGuaranteeChart), { ssr: false, loading: cpuLoading });

/** The node's memory-overcommit and CPU-guarantee charts from its latest snapshot. */
export function NodeCharts({ nodeId }: { nodeId: number }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.node.charts.queryOptions({ id: nodeId }, { refetchInterval: 30_000 }));
  if (q.isPending) {
    // Cards the size of their charts: the page below does not move when they fill.
    return (
      <ChartCards
        memoryTitle="Memory overcommit"
        memory={memoryLoading()}
        cpu={cpuLoading()}
      />
    );
  }
  if (q.error && !q.data) return <ErrorPanel title="Could not load the charts" error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return null;
  const { memory, cpu, collectedAtMs } = q.data;
  if (collectedAtMs === null) return <p className="empty-inline">The charts appear after the first successful poll of this node.</p>;
  return (
    <ChartCards
      memoryTitle={`Memory overcommit (${memory?.model ?? 'vzmemcheck'})`}
      memory={memory ? <MemoryOvercommitChart data={memory} /> : <p className="muted">No /proc/meminfo figures: the node&apos;s RAM and swap are unknown.</p>}
      cpu={cpu ? <CpuGuaranteeChart data={cpu} /> : <p className="muted">vzcpucheck gave no figures: the node&apos;s power is unknown.</p>}
    />
  );
}

function ChartCards({ memoryTitle, memory, cpu }: { memoryTitle: string; memory: React.ReactNode; cpu: React.ReactNode }) {
  return (
    <div className="chart-grid">
      <section className="card" aria-labelledby="mem-chart-title">
        <h2 id="mem-chart-title">{memoryTitle}</h2>
        {memory}
      </section>
      <section className="card" aria-labelledby="cpu-chart-title">
        <h2 id="cpu-chart-title">CPU guarantees (vzcpucheck)</h2>
        {cpu}
      </section>
    </div>
  );
}
