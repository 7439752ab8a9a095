'use client';

import Link from 'next/link';
import { HEAT_SPECS, heatBucket, heatValue } from '@/components/charts/heat-scale';
import { HEAT_COLORS, heatTextColor } from '@/components/charts/palette';
import { DeferredSelect } from '@/components/ui/deferred-select';
import type { FleetNode } from '@/trpc/types';
import { HEAT_FIGURES, type HeatFigure } from './overview-params';

const HEAT_FIGURE_OPTIONS = HEAT_FIGURES.map((f) => ({ value: f, label: HEAT_SPECS[f].label }));

interface Props {
  nodes: FleetNode[];
  figure: HeatFigure;
  nowMs: number;
  onFigure: (fig: HeatFigure) => void;
  /** Cells not drawn yet (they follow the table's first rows). */
  drawing?: boolean;
}

/**
 * The fleet as a grid of cells, one per node, coloured by one chosen figure (YlOrRd: lightness
 * carries the order). Each cell names its node and value in its title and accessible name.
 */
export function FleetHeatmap({ nodes, figure, nowMs, onFigure, drawing = false }: Props) {
  const spec = HEAT_SPECS[figure];
  return (
    <section className="card heatmap-card" aria-labelledby="heat-title">
      <div className="card-head">
        <h2 id="heat-title">Heat map</h2>
        <label htmlFor="heat-figure" className="visually-hidden">
          Figure shown in the heat map
        </label>
        <DeferredSelect id="heat-figure" value={figure} options={HEAT_FIGURE_OPTIONS} onChange={onFigure} />
      </div>
      {nodes.length === 0 ? (
        <p className="muted">{drawing ? 'Drawing…' : 'No node matches the filters.'}</p>
      ) : (
        <ul className="heatmap" aria-label={`Nodes by ${spec.label}`}>
          {nodes.map((n) => {
            const v = heatValue(n, figure, nowMs);
            const bucket = heatBucket(v, spec);
            const text = v === null ? 'no data' : spec.format(v);
            const style = bucket === null ? undefined : { background: HEAT_COLORS[bucket], color: heatTextColor(bucket) };
            return (
              <li key={n.id}>
                <Link href={`/nodes/${n.id}`} prefetch={false} className={bucket === null ? 'heat-cell heat-none' : 'heat-cell'} style={style} title={`${n.name}: ${text}`} aria-label={`${n.name}: ${text}`} tabIndex={-1}>
                  <span className="heat-name">{n.name}</span>
                  <span className="heat-value">{text}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      <HeatLegend figure={figure} />
    </section>
  );
}

function HeatLegend({ figure }: { figure: HeatFigure }) {
  const spec = HEAT_SPECS[figure];
  const top = spec.log ? spec.max : spec.max;
  return (
    <div className="heat-legend small" aria-hidden="true">
      <span>{spec.format(0)}</span>
      <span className="heat-ramp">
        {HEAT_COLORS.map((c) => (
          <span key={c} style={{ background: c }} />
        ))}
      </span>
      <span>≥ {spec.format(top)}</span>
      <span className="heat-none-key">no data</span>
    </div>
  );
}
