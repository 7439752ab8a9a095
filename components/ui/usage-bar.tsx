/**
 * A horizontal bar of a share (0–100+ %); the text next to it carries the meaning, the bar only
 * shows it. `softAt` marks a soft limit inside the bar (a quota's soft limit on a bar to hard).
 */
export function UsageBar({ percent, label, softAt = null }: { percent: number | null; label: string; softAt?: number | null }) {
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
      {softAt !== null && softAt > 0 && softAt < 100 ? <div className="usage-soft" style={{ left: `${softAt}%` }} title="soft limit" /> : null}
    </div>
  );
}
