import { RelativeTime } from '@/components/ui/relative-time';

/** How old the figures are; when polling is failing, says plainly that they are an old picture. */
export function DataAge({ collectedAt, stale }: { collectedAt: Date | null; stale: boolean }) {
  if (!collectedAt) return <p className="data-age muted">No data collected yet.</p>;
  return (
    <p className={stale ? 'data-age data-stale' : 'data-age'}>
      {stale ? (
        <>
          <strong>Stale data:</strong> the figures below are as of {collectedAt.toLocaleString()} (
          <RelativeTime at={collectedAt} prefix="data from " />) and may no longer be true.
        </>
      ) : (
        <RelativeTime at={collectedAt} prefix="Data from " />
      )}
    </p>
  );
}
