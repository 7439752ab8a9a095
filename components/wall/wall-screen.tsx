'use client';

import dynamic from 'next/dynamic';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LiveStatus } from '@/components/live/live-status';
import { useClock } from '@/components/ui/use-clock';
import { pendingFeed, type QueryFeed } from '@/trpc/feed';
import type { FleetOverview, WallIncidents } from '@/trpc/types';
import { countLevels } from '@/components/fleet/overview-head';
import { useGridFit } from './use-grid-fit';
import { WallAlarms } from './wall-alarms';
import type { WallHead } from './wall-head';
import { fleetStaleAfterMs, newestCollectedMs, pageCount, pageSlice, worstFirst } from './wall-pages';
import { WallStatusBar } from './wall-status-bar';
import { WallTile } from './wall-tile';

// The data layer comes after the first picture: the tiles the server drew are on screen before it.
const WallFeed = dynamic(() => import('@/components/deferred/parts').then((m) => m.WallFeed), { ssr: false });

const PAGE_MS = 12_000;
const TILE = { width: 340, height: 170, gap: 16 };

/**
 * The ops room's TV: every node as a tile, worst first, pages rotating when the fleet does not fit.
 * Runs for weeks without a touch: polls every few seconds whatever happened before, retries
 * forever, keeps the last picture on screen while it reconnects and says how old it is. `head` and
 * `headAlarms` are the first picture the page computed on the server (null when that failed),
 * shown until the first answers of its own.
 */
export function WallScreen({ head, headAlarms }: { head: WallHead | null; headAlarms: WallIncidents | null }) {
  const [q, setOverview] = useState<QueryFeed<FleetOverview>>(pendingFeed);
  const [alarms, setAlarms] = useState<QueryFeed<WallIncidents>>(pendingFeed);
  const [connection, setConnection] = useState<LiveStatus>('connecting');
  return (
    <>
      <WallFeed onOverview={setOverview} onAlarms={setAlarms} onConnection={setConnection} />
      <WallPicture head={head} headAlarms={headAlarms} q={q} alarms={alarms} connection={connection} />
    </>
  );
}

function WallPicture({
  head,
  headAlarms,
  q,
  alarms,
  connection,
}: {
  head: WallHead | null;
  headAlarms: WallIncidents | null;
  q: QueryFeed<FleetOverview>;
  alarms: QueryFeed<WallIncidents>;
  connection: LiveStatus;
}) {
  const now = useClock(1000);
  const failingSince = useFailingSince(q.failureCount > 0 || q.error !== null);
  const { ref, fit, measured } = useGridFit(TILE.width, TILE.height, TILE.gap);
  const data = q.data;
  const first = data ? null : head;
  // When the page's first picture reached this browser: its age counts on from there.
  const [headSeenAt] = useState(() => Date.now());
  const nodes = useMemo(() => (data ? [...data.nodes].sort(worstFirst) : (first?.nodes ?? [])), [data, first]);
  const total = data ? nodes.length : (first?.total ?? 0);
  const pages = pageCount(total, fit.perPage);
  const [page, setPage] = useState(0);
  useEffect(() => {
    if (pages <= 1) return;
    const id = setInterval(() => setPage((p) => (p + 1) % pages), PAGE_MS);
    return () => clearInterval(id);
  }, [pages]);

  // Ages on the server's clock, moved on by the time since the answer (or the page) arrived.
  const shownAnswer = data ?? first;
  const receivedAt = data ? q.dataUpdatedAt : headSeenAt;
  const serverNow = shownAnswer ? shownAnswer.nowMs + Math.max(0, now - receivedAt) : now;
  const newest = data ? newestCollectedMs(data.nodes) : (first?.newestMs ?? 0);
  const dataAgeMs = shownAnswer ? Math.max(0, newest > 0 ? serverNow - newest : now - receivedAt) : null;
  const counts = data ? countLevels(nodes) : (first?.counts ?? countLevels([]));
  const staleAfterMs = data ? fleetStaleAfterMs(nodes) : (first?.staleAfterMs ?? fleetStaleAfterMs([]));
  const shown = pageSlice(nodes, page, fit.perPage);

  return (
    <div className="wall">
      <WallStatusBar nowMs={now} dataAgeMs={dataAgeMs} staleAfterMs={staleAfterMs} connection={connection} failingSinceMs={failingSince} counts={counts} page={page % pages} pages={pages} />
      {failingSince !== null && shownAnswer ? (
        <p className="wall-banner" role="alert">
          Reconnecting to vzfleet — the tiles show the last figures received, {Math.round((now - receivedAt) / 1000)} s ago.
        </p>
      ) : null}
      <WallAlarms data={alarms.data ?? headAlarms ?? undefined} nowMs={serverNow} />
      <div className="wall-area" ref={ref}>
        {!shownAnswer ? (
          <p className="wall-message">{failingSince !== null ? 'Waiting for vzfleet to answer…' : 'Loading the fleet…'}</p>
        ) : total === 0 ? (
          <p className="wall-message">No nodes in the inventory yet.</p>
        ) : (
          <ul className="wall-grid" style={{ gridTemplateColumns: measured ? `repeat(${fit.columns}, minmax(0, 1fr))` : `repeat(auto-fill, minmax(${TILE.width}px, 1fr))` }} aria-label="Nodes, worst first">
            {shown.map((n) => (
              <WallTile key={n.id} node={n} nowMs={serverNow} />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/** The moment fetching started to fail, or null while it works. */
function useFailingSince(failing: boolean): number | null {
  const since = useRef<number | null>(null);
  const [value, setValue] = useState<number | null>(null);
  useEffect(() => {
    if (failing && since.current === null) since.current = Date.now();
    if (!failing) since.current = null;
    setValue(since.current);
  }, [failing]);
  return value;
}
