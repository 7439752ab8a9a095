'use client';

import dynamic from 'next/dynamic';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import type { HistoryRange } from '@/vocabulary/history-range';
import type { HistoryChangeMark, HistoryMarker } from './history-types';
import { RangePicker } from './range-picker';
import { useHistorySeries } from './use-history-series';

// Recharts loads only when there is history to draw.
const HistoryChart = dynamic(() => import('./history-chart').then((m) => m.HistoryChart), { ssr: false, loading: () => <Skeleton lines={4} label="Loading chart…" /> });

export interface HistoryChartSpec {
  key: string;
  title: string;
  scale?: (v: number) => number;
  format: (v: number) => string;
  markers?: HistoryMarker[];
  changes?: HistoryChangeMark[];
}

interface Props {
  nodeId: number;
  charts: HistoryChartSpec[];
  range: HistoryRange;
  onRange: (range: HistoryRange) => void;
}

/** History charts of one node or container, with the range picker (in the URL). */
export function HistoryPanel({ nodeId, charts, range, onRange }: Props) {
  const state = useHistorySeries({ nodeId, keys: charts.map((c) => c.key), range });
  return (
    <div className="history-panel">
      <RangePicker value={range} onChange={onRange} />
      {state.status === 'pending' ? <Skeleton lines={4} label="Loading history…" /> : null}
      {state.status === 'error' ? <ErrorPanel title="Could not load the history" error={state.error} onRetry={state.retry} /> : null}
      {state.status === 'ok' ? (
        <div className="history-grid">
          {charts.map((c) => {
            const series = state.series.find((s) => s.key === c.key) ?? { key: c.key, points: [], barrier: null, limit: null };
            return <HistoryChart key={c.key} title={c.title} series={series} range={range} endMs={state.endMs} scale={c.scale} format={c.format} markers={c.markers} changes={c.changes} />;
          })}
        </div>
      ) : null}
    </div>
  );
}
