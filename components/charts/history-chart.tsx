'use client';

import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartTooltipBox, hoveredRow } from './chart-tooltip';
import { HISTORY_RANGE_MS, type HistoryRange } from '@/vocabulary/history-range';
import { formatTick } from './history-range';
import type { HistoryChangeMark, HistoryMarker, HistorySeries } from './history-types';
import { SERIES } from './palette';

/** At most this many points are drawn per series (the server already downsamples to ~1000). */
const MAX_POINTS = 1000;

interface Props {
  title: string;
  series: HistorySeries;
  range: HistoryRange;
  /** End of the range (epoch ms); the chart shows [endMs - range, endMs]. */
  endMs: number;
  /** Stored unit → shown unit (e.g. pages → MiB, fraction → %). Numbers in, numbers out. */
  scale?: (v: number) => number;
  format: (shown: number) => string;
  markers?: HistoryMarker[];
  /** Limit changes, drawn as vertical lines labelled with who made them. */
  changes?: HistoryChangeMark[];
  height?: number;
}

interface Row {
  t: number;
  avg: number | null;
  max: number | null;
  marker?: number;
  markerText?: string;
}

/** Six evenly spaced ticks over the range, ending now. */
function timeTicks(endMs: number, range: HistoryRange): number[] {
  const span = HISTORY_RANGE_MS[range];
  return Array.from({ length: 6 }, (_, i) => endMs - span + (span * i) / 5);
}

function rowsOf(series: HistorySeries, scale: (v: number) => number, markers: HistoryMarker[]): Row[] {
  const step = Math.max(1, Math.ceil(series.points.length / MAX_POINTS));
  const rows: Row[] = [];
  for (let i = 0; i < series.points.length; i += step) {
    const p = series.points[i]!;
    rows.push({ t: p.t, avg: p.avg === null ? null : scale(p.avg), max: p.max === null ? null : scale(p.max) });
  }
  for (const m of markers.slice(0, 200)) rows.push({ t: m.t, avg: null, max: null, marker: 0, markerText: `${m.label} +${m.delta}` });
  return rows.sort((a, b) => a.t - b.t);
}

/**
 * One figure over time: the average as a line, the maximum of each bucket as a light area above
 * it, the barrier and limit as reference lines, failcnt increases as marks on the time axis.
 */
export function HistoryChart({ title, series, range, endMs, scale = (v) => v, format, markers = [], changes = [], height = 220 }: Props) {
  const rows = rowsOf(series, scale, markers);
  const barrier = series.barrier === null ? null : scale(series.barrier);
  const limit = series.limit === null || series.limit === series.barrier ? null : scale(series.limit);
  const empty = series.points.length === 0;
  return (
    <figure className="chart history-chart" aria-label={title}>
      <figcaption className="chart-title">{title}</figcaption>
      {empty ? (
        <p className="muted chart-empty">No history in this range yet.</p>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <ComposedChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="t" type="number" scale="time" domain={[endMs - HISTORY_RANGE_MS[range], endMs]} ticks={timeTicks(endMs, range)} tickFormatter={(t: number) => formatTick(t, range)} tick={{ fill: 'var(--muted)', fontSize: 11 }} />
            <YAxis tickFormatter={(v: number) => format(v)} tick={{ fill: 'var(--muted)', fontSize: 11 }} width={72} domain={[0, 'auto']} />
            <Tooltip content={(p) => <HistoryTip row={hoveredRow<Row>(p)} format={format} />} isAnimationActive={false} />
            <Area dataKey="max" name="maximum" stroke="none" fill={SERIES.sky} fillOpacity={0.35} connectNulls={false} isAnimationActive={false} />
            <Line dataKey="avg" name="average" stroke={SERIES.blue} strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
            {barrier !== null ? <ReferenceLine y={barrier} stroke={SERIES.orange} strokeDasharray="6 3" ifOverflow="extendDomain" label={{ value: `barrier ${format(barrier)}`, position: 'insideTopLeft', fill: SERIES.orange, fontSize: 11 }} /> : null}
            {limit !== null ? <ReferenceLine y={limit} stroke={SERIES.vermillion} strokeDasharray="2 2" ifOverflow="extendDomain" label={{ value: `limit ${format(limit)}`, position: 'insideTopRight', fill: SERIES.vermillion, fontSize: 11 }} /> : null}
            {changes.slice(0, 50).map((c) => (
              <ReferenceLine key={`${c.t}-${c.label}`} x={c.t} stroke={SERIES.green} strokeWidth={2} ifOverflow="discard" label={{ value: c.label, position: 'insideTopRight', fill: SERIES.green, fontSize: 11 }} />
            ))}
            {markers.length > 0 ? <Scatter dataKey="marker" name="failcnt increase" fill={SERIES.vermillion} shape="triangle" isAnimationActive={false} /> : null}
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}

function HistoryTip({ row, format }: { row: Row | null; format: (v: number) => string }) {
  if (!row) return null;
  const lines: [string, string][] = [];
  if (row.avg !== null) lines.push(['average', format(row.avg)]);
  if (row.max !== null) lines.push(['maximum', format(row.max)]);
  if (row.markerText) lines.push(['failcnt', row.markerText]);
  return <ChartTooltipBox title={new Date(row.t).toLocaleString()} lines={lines} />;
}
