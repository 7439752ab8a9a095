'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent } from '@/components/format/units';
import type { MemoryChartData } from '@/trpc/types';
import { niceAxis, memoryBars, type MemoryBar } from './chart-data';
import { MEMORY_CHART_PX } from './chart-placeholder';
import { ChartTooltipBox, hoveredRow } from './chart-tooltip';
import { SERIES } from './palette';

const pct = (v: number | null) => (v === null ? 'unlimited' : formatPercent(v));

/** What each series means under the node's memory model. */
const WORDS = {
  vzmemcheck: { used: 'alloc util (allocated now)', promised: 'alloc commit (promised)', limit: 'alloc limit (may reach)', tool: 'vzmemcheck Summary' },
  vzoversell: { used: 'memswap util (RAM + swap in use)', promised: 'RAM + swap limits (vzoversell)', limit: '', tool: 'vzoversell / vzmemcheck' },
} as const;

/**
 * Memory per container as % of the node's RAM + swap, biggest promise first: what it uses now
 * against what it was promised (and may reach). The running total of the promises (right axis)
 * shows where they pass 100 % of the node. VSwap nodes use vzoversell's RAM + swap limits as the
 * promise, since vzmemcheck's alloc commit is unlimited there.
 */
export function MemoryOvercommitChart({ data }: { data: MemoryChartData }) {
  const bars = memoryBars(data);
  if (bars.length === 0) return <p className="muted">No running containers: nothing is committed.</p>;
  const w = WORDS[data.model];
  const s = data.summary;
  const leftAxis = niceAxis(bars.flatMap((b) => [b.used, b.promised ?? 0, b.limit ?? 0]), 0);
  const rightAxis = niceAxis([s.promised * 100, ...bars.map((b) => b.cumulative)]);
  return (
    <figure className="chart" aria-label="Memory overcommit per container">
      <ResponsiveContainer width="100%" height={MEMORY_CHART_PX}>
        <ComposedChart data={bars} margin={{ top: 10, right: 8, bottom: 24, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="ctId" tick={{ fill: 'var(--muted)', fontSize: 11 }} interval="preserveStartEnd" tickFormatter={(id: string) => (id.length > 8 ? `${id.slice(0, 6)}…` : id)} label={{ value: 'containers, biggest promise first', position: 'insideBottom', offset: -14, fill: 'var(--muted)', fontSize: 12 }} />
          <YAxis yAxisId="ct" domain={[0, leftAxis.top]} ticks={leftAxis.ticks} tickFormatter={(v: number) => `${v} %`} tick={{ fill: 'var(--muted)', fontSize: 11 }} width={62} label={{ value: 'each container', angle: -90, position: 'insideLeft', fill: 'var(--muted)', fontSize: 11, dy: 40 }} />
          <YAxis yAxisId="total" orientation="right" domain={[0, rightAxis.top]} ticks={rightAxis.ticks} tickFormatter={(v: number) => `${v} %`} tick={{ fill: 'var(--fg)', fontSize: 11 }} width={62} label={{ value: 'Σ promised', angle: 90, position: 'insideRight', fill: 'var(--fg)', fontSize: 11, dy: -30 }} />
          <Tooltip content={(p) => <MemoryTip row={hoveredRow<MemoryBar>(p)} words={w} />} isAnimationActive={false} />
          <Legend verticalAlign="top" height={44} wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine yAxisId="total" y={100} stroke={SERIES.vermillion} strokeDasharray="6 4" ifOverflow="extendDomain" label={{ value: '100 % of RAM + swap', position: 'insideBottomRight', fill: SERIES.vermillion, fontSize: 12 }} />
          <Bar yAxisId="ct" dataKey="used" name={w.used} fill={SERIES.blue} isAnimationActive={false} />
          <Bar yAxisId="ct" dataKey="promised" name={w.promised} fill={SERIES.orange} isAnimationActive={false} />
          {data.model === 'vzmemcheck' ? <Scatter yAxisId="ct" dataKey="limit" name={w.limit} fill={SERIES.vermillion} shape="diamond" isAnimationActive={false} /> : null}
          <Line yAxisId="total" dataKey="cumulative" name="Σ promised so far (right axis)" type="stepAfter" stroke="var(--fg)" strokeWidth={2} dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="chart-caption">
        Node totals ({w.tool}): {data.model === 'vzmemcheck' ? 'alloc util' : 'in use'} <strong>{formatPercent(s.used * 100)}</strong>,{' '}
        {data.model === 'vzmemcheck' ? 'alloc commit' : 'RAM + swap promised'} <strong>{formatPercent(s.promised * 100)}</strong>
        {s.limit !== null ? (
          <>
            , alloc limit <strong>{formatPercent(s.limit * 100)}</strong>
          </>
        ) : null}{' '}
        of RAM + swap.
        {s.excluded.length > 0 ? ` ${s.excluded.length} container(s) with an unlimited promise are left out of the total.` : ''}
      </figcaption>
      <details className="chart-table">
        <summary>Table view</summary>
        <table className="data-table">
          <caption className="visually-hidden">Memory per container, % of the node&apos;s RAM + swap</caption>
          <thead>
            <tr>
              <th scope="col">CT</th>
              <th scope="col">Hostname</th>
              <th scope="col" className="num">{w.used}</th>
              <th scope="col" className="num">{w.promised}</th>
              {data.model === 'vzmemcheck' ? <th scope="col" className="num">{w.limit}</th> : null}
              <th scope="col" className="num">Σ promised</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.ctId}>
                <th scope="row">{b.ctId}</th>
                <td className="hostname">{b.hostname ?? '—'}</td>
                <td className="num">{pct(b.used)}</td>
                <td className="num">{pct(b.promised)}</td>
                {data.model === 'vzmemcheck' ? <td className="num">{pct(b.limit)}</td> : null}
                <td className="num">{pct(b.cumulative)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function MemoryTip({ row, words }: { row: MemoryBar | null; words: (typeof WORDS)[keyof typeof WORDS] }) {
  if (!row) return null;
  const lines: [string, string][] = [
    [words.used, pct(row.used)],
    [words.promised, pct(row.promised)],
  ];
  if (words.limit) lines.push([words.limit, pct(row.limit)]);
  lines.push(['Σ promised up to here', pct(row.cumulative)]);
  if (row.incomplete) lines.push(['note', 'rows missing: counted as 0']);
  return <ChartTooltipBox title={`CT ${row.ctId}`} subtitle={row.hostname} lines={lines} />;
}
