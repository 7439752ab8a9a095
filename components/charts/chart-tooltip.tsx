/** The box a chart tooltip shows: a title and label/value lines, all rendered as text. */
export function ChartTooltipBox({ title, subtitle, lines }: { title: string; subtitle?: string | null; lines: [string, string][] }) {
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{title}</p>
      {subtitle ? <p className="chart-tooltip-sub hostname">{subtitle}</p> : null}
      <dl>
        {lines.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The data row behind the hovered point of a Recharts tooltip (typed by the caller). */
export function hoveredRow<T>(props: { active?: boolean; payload?: readonly { payload?: unknown }[] }): T | null {
  if (!props.active || !props.payload?.length) return null;
  return (props.payload[0]?.payload as T | undefined) ?? null;
}
