/**
 * The drawing heights of the node's two charts, shared by the charts and their placeholder. Recharts
 * loads after the page's first render, and the charts' data may come after the containers': a
 * placeholder of the chart's own size keeps the Containers table below from jumping down by a
 * chart's height just as the user goes to click a row (seen: 314 px, a second after the table).
 */
export const MEMORY_CHART_PX = 340;
export const CPU_GUARANTEE_PX = 280;
export const CPU_LIMIT_PX = 130;

/** A chart's box, its caption and its "Table view" line, greyed while the chart or its data loads. */
export function ChartPlaceholder({ height, label }: { height: number; label: string }) {
  return (
    <div className="chart-placeholder" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      <div className="skeleton-line" style={{ height }} />
      <div className="skeleton-line" style={{ width: '85%' }} />
      <div className="skeleton-line" style={{ width: '55%' }} />
      <div className="skeleton-line" style={{ width: '20%' }} />
    </div>
  );
}
