'use client';

import { useQuery } from '@tanstack/react-query';
import { HistoryPanel } from '@/components/charts/history-panel';
import { markLabel, resourceOfParam } from '@/components/limits/limit-form';
import { useTRPC } from '@/trpc/client';
import { isCtId } from '@/vocabulary/ct-id';
import { formatBytes, formatMiB, pagesToMiB } from '@/components/format/units';
import type { BeancounterRow, ContainerEvent } from '@/trpc/types';
import type { HistoryRange } from '@/vocabulary/history-range';
import { ctSeriesKey } from '@/vocabulary/series-key';
import { unitOf } from './beancounter-view';

interface Props {
  nodeId: number;
  ctId: string;
  rows: BeancounterRow[];
  events: ContainerEvent[];
  resource: string;
  range: HistoryRange;
  onChange: (patch: { res?: string; range?: HistoryRange }) => void;
}

/** The default resource: the one refused most recently, else allocated memory. */
function defaultResource(rows: BeancounterRow[], events: ContainerEvent[]): string {
  return events[0]?.resource ?? (rows.some((r) => r.resource === 'privvmpages') ? 'privvmpages' : (rows[0]?.resource ?? 'privvmpages'));
}

/** One beancounter's history with its barrier and limit, the refusals marked on the time axis. */
export function ContainerHistory({ nodeId, ctId, rows, events, resource, range, onChange }: Props) {
  const res = resource || defaultResource(rows, events);
  const unit = unitOf(res);
  const scale = unit === 'pages' ? pagesToMiB : (v: number) => v;
  const format = unit === 'pages' ? formatMiB : unit === 'bytes' ? formatBytes : (v: number) => String(Math.round(v));
  const markers = events.filter((e) => e.resource === res).map((e) => ({ t: e.atMs, delta: e.delta, label: e.resource }));
  // Limit changes of this beancounter (by vzfleet or on the node) as vertical lines on its chart.
  const trpc = useTRPC();
  const limitChanges = useQuery(trpc.limit.changes.queryOptions({ nodeId, ctId, days: 365 }, { refetchInterval: 15_000, enabled: isCtId(ctId) }));
  const changes = (limitChanges.data ?? []).filter((c) => resourceOfParam(c.param) === res && c.status !== 'failed').map((c) => ({ t: c.atMs, label: markLabel(c) }));
  return (
    <>
      <div className="table-tools">
        <label htmlFor="history-resource">Resource</label>
        <select id="history-resource" value={res} onChange={(e) => onChange({ res: e.target.value })}>
          {rows.map((r) => (
            <option key={r.resource} value={r.resource}>
              {r.resource}
            </option>
          ))}
        </select>
      </div>
      <HistoryPanel
        nodeId={nodeId}
        range={range}
        onRange={(r) => onChange({ range: r })}
        charts={[{ key: ctSeriesKey(ctId, res), title: `${res} held${unit === 'pages' ? ' (MiB)' : ''}`, scale, format, markers, changes }]}
      />
    </>
  );
}
