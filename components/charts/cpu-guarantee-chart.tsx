'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent } from '@/components/format/units';
import type { CpuChartData } from '@/trpc/types';
import { niceAxis, cpuBars, type CpuBar } from './chart-data';
import { CPU_GUARANTEE_PX, CPU_LIMIT_PX } from './chart-placeholder';
import { ChartTooltipBox, hoveredRow } from './chart-tooltip';
import { SERIES } from './palette';

const limitText = (v: number | null) => (v === null ? 'no limit' : `${v} % of one CPU`);
const label = (ctId: string) => (ctId === '0' ? 'CT0 (node)' : `CT ${ctId}`);

/**
 * vzcpucheck per container: its guaranteed share (cpuunits / node power), biggest first, with the
 * running total against the node's power (right axis, 100 %); below it, each CT's cpulimit.
 */
export function CpuGuaranteeChart({ data }: { data: CpuChartData }) {
  const bars = cpuBars(data);
  if (bars.length === 0) return <p className="muted">No running containers: nothing is guaranteed.</p>;
  const leftAxis = niceAxis(bars.map((b) => b.share), 0);
  const rightAxis = niceAxis([data.committed * 100, ...bars.map((b) => b.cumulative)]);
  const limits = bars.map((b) => ({ ...b, cpulimitBar: b.cpulimit }));
  const limitAxis = niceAxis(bars.map((b) => b.cpulimit ?? 0), 100);
  const tip = (p: Parameters<typeof hoveredRow>[0]) => <CpuTip row={hoveredRow<CpuBar>(p)} />;
  return (
    <figure className="chart" aria-label="CPU guarantees per container">
      <ResponsiveContainer width="100%" height={CPU_GUARANTEE_PX}>
        <ComposedChart data={bars} syncId="cpu" margin={{ top: 10, right: 8, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="ctId" tick={{ fill: 'var(--muted)', fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis yAxisId="ct" domain={[0, leftAxis.top]} ticks={leftAxis.ticks} tickFormatter={(v: number) => `${v} %`} tick={{ fill: 'var(--muted)', fontSize: 11 }} width={62} label={{ value: 'each container', angle: -90, position: 'insideLeft', fill: 'var(--muted)', fontSize: 11, dy: 40 }} />
          <YAxis yAxisId="total" orientation="right" domain={[0, rightAxis.top]} ticks={rightAxis.ticks} tickFormatter={(v: number) => `${v} %`} tick={{ fill: 'var(--fg)', fontSize: 11 }} width={62} label={{ value: 'Σ guaranteed', angle: 90, position: 'insideRight', fill: 'var(--fg)', fontSize: 11, dy: -30 }} />
          <Tooltip content={tip} isAnimationActive={false} />
          <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine yAxisId="total" y={100} stroke={SERIES.vermillion} strokeDasharray="6 4" ifOverflow="extendDomain" label={{ value: 'node power', position: 'insideBottomRight', fill: SERIES.vermillion, fontSize: 12 }} />
          <Bar yAxisId="ct" dataKey="share" name="guaranteed share (cpuunits / power)" fill={SERIES.blue} isAnimationActive={false} />
          <Line yAxisId="total" dataKey="cumulative" name="Σ guaranteed so far (right axis)" type="stepAfter" stroke="var(--fg)" strokeWidth={2} dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
      <ResponsiveContainer width="100%" height={CPU_LIMIT_PX}>
        <ComposedChart data={limits} syncId="cpu" margin={{ top: 4, right: 64, bottom: 20, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="ctId" tick={{ fill: 'var(--muted)', fontSize: 11 }} interval="preserveStartEnd" label={{ value: 'containers, biggest guarantee first', position: 'insideBottom', offset: -12, fill: 'var(--muted)', fontSize: 12 }} />
          <YAxis domain={[0, limitAxis.top]} ticks={limitAxis.ticks} tickFormatter={(v: number) => `${v} %`} tick={{ fill: 'var(--muted)', fontSize: 11 }} width={52} label={{ value: 'cpulimit', angle: -90, position: 'insideLeft', fill: 'var(--muted)', fontSize: 11, dy: 30 }} />
          <Tooltip content={tip} isAnimationActive={false} />
          <Bar dataKey="cpulimitBar" name="cpulimit (% of one CPU)" fill={SERIES.orange} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="chart-caption">
        Committed: <strong>{formatPercent(data.committed * 100)}</strong> of the node&apos;s power ({data.utilization} of {data.nodePower} units, CT0 included).
        {data.committed > 1 ? ' The guarantees exceed what the node can deliver when every container is busy.' : ''} Lower chart: cpulimit in % of one CPU (no bar = no limit).
      </figcaption>
      <details className="chart-table">
        <summary>Table view</summary>
        <table className="data-table">
          <caption className="visually-hidden">CPU guarantees per container</caption>
          <thead>
            <tr>
              <th scope="col">CT</th>
              <th scope="col">Hostname</th>
              <th scope="col" className="num">cpuunits</th>
              <th scope="col" className="num">guaranteed share</th>
              <th scope="col" className="num">Σ so far</th>
              <th scope="col" className="num">cpulimit</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.ctId}>
                <th scope="row">{label(b.ctId)}</th>
                <td className="hostname">{b.hostname ?? '—'}</td>
                <td className="num">{b.cpuunits}</td>
                <td className="num">{formatPercent(b.share)}</td>
                <td className="num">{formatPercent(b.cumulative)}</td>
                <td className="num">{limitText(b.cpulimit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function CpuTip({ row }: { row: CpuBar | null }) {
  if (!row) return null;
  return (
    <ChartTooltipBox
      title={label(row.ctId)}
      subtitle={row.hostname}
      lines={[
        ['cpuunits', String(row.cpuunits)],
        ['guaranteed share', formatPercent(row.share)],
        ['Σ guaranteed up to here', formatPercent(row.cumulative)],
        ['cpulimit', limitText(row.cpulimit)],
      ]}
    />
  );
}
