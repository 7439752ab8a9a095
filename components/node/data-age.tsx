import { formatInterval } from '@/components/format/age';
import { RelativeTime } from '@/components/ui/relative-time';

interface Props {
  collectedAt: Date | null;
  stale: boolean;
  /** The node's poll interval and stale line, when known: says what "old" means for this node. */
  poll?: { intervalMs: number; staleAfterMs: number } | null;
}

/** How old the figures are; when polling is failing, says plainly that they are an old picture. */
export function DataAge({ collectedAt, stale, poll }: Props) {
  const cadence = poll ? ` · polled every ${formatInterval(poll.intervalMs)}, stale after ${formatInterval(poll.staleAfterMs)}` : '';
  if (!collectedAt) return <p className="data-age muted">No data collected yet.</p>;
  return (
    <p className={stale ? 'data-age data-stale' : 'data-age'}>
      {stale ? (
        <>
          <strong>Stale data:</strong> the figures below are as of {collectedAt.toLocaleString()} (
          <RelativeTime at={collectedAt} prefix="data from " />) and may no longer be true.
          {cadence ? <span className="muted">{cadence}</span> : null}
        </>
      ) : (
        <>
          <RelativeTime at={collectedAt} prefix="Data from " />
          {cadence ? <span className="muted">{cadence}</span> : null}
        </>
      )}
    </p>
  );
}
