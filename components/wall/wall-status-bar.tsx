import type { LiveStatus } from '@/components/live/live-status';
import { ageText, freshnessOf } from './wall-pages';

interface Props {
  nowMs: number;
  /** Age of the newest figures on screen; null before the first load. */
  dataAgeMs: number | null;
  /** When that age turns the screen's data stale: from the nodes' own poll intervals. */
  staleAfterMs: number;
  connection: LiveStatus;
  /** Since when fetching fails (epoch ms); null when the last fetch worked. */
  failingSinceMs: number | null;
  counts: { bad: number; warn: number; ok: number; unknown: number };
  page: number;
  pages: number;
}

/** Clock, data age and connection, big enough to read across the room. */
export function WallStatusBar({ nowMs, dataAgeMs, staleAfterMs, connection, failingSinceMs, counts, page, pages }: Props) {
  const fresh = dataAgeMs === null ? 'stale' : freshnessOf(dataAgeMs, staleAfterMs);
  const time = new Date(nowMs);
  const down = failingSinceMs !== null;
  return (
    <header className="wall-bar">
      <time className="wall-clock" dateTime={nowMs ? time.toISOString() : undefined} aria-label="Clock">
        {nowMs ? time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }) : '--:--:--'}
      </time>
      <p className={`wall-age wall-age-${fresh}`} data-freshness={fresh} aria-label="Data age">
        {fresh !== 'fresh' ? <span aria-hidden="true">⚠ </span> : null}
        {dataAgeMs === null ? 'no data yet' : `data ${ageText(dataAgeMs)} old`}
      </p>
      <p className={`wall-conn wall-conn-${down ? 'down' : connection}`} role="status">
        {down ? `✕ reconnecting… (no answer for ${ageText(Math.max(0, nowMs - failingSinceMs))})` : connection === 'live' ? '● live' : connection === 'connecting' ? '◌ connecting…' : '◌ reconnecting…'}
      </p>
      <p className="wall-counts">
        <span className="wall-count wall-bad">✕ {counts.bad}</span>
        <span className="wall-count wall-warn">▲ {counts.warn}</span>
        <span className="wall-count wall-ok">✓ {counts.ok}</span>
        {pages > 1 ? (
          <span className="wall-page">
            page {page + 1} / {pages}
          </span>
        ) : null}
      </p>
    </header>
  );
}
