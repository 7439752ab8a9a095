/** A horizontal bar of a share (0–100+ %); the text next to it carries the meaning, the bar only shows it. */
export function UsageBar({ percent, label }: { percent: number | null; label: string }) {
  const width = percent === null ? 0 : Math.min(100, Math.max(0, percent));
  const tone = percent === null ? 'ok' : percent >= 100 ? 'limit' : percent >= 80 ? 'near' : 'ok';
  return (
    <div
      className="usage-bar"
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent === null ? undefined : Math.round(Math.min(100, percent))}
    >
      <div className={`usage-fill level-${tone}`} style={{ width: `${width}%` }} />
    </div>
  );
}
