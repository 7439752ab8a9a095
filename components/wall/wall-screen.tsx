'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLiveUpdates } from '@/components/live/use-live-updates';
import { useClock } from '@/components/ui/use-clock';
import { useTRPC } from '@/trpc/client';
import type { FleetNode } from '@/trpc/types';
import { useGridFit } from './use-grid-fit';
import { WallAlarms } from './wall-alarms';
import { fleetStaleAfterMs, pageCount, pageSlice } from './wall-pages';
import { WallStatusBar } from './wall-status-bar';
import { WallTile } from './wall-tile';

const REFRESH_MS = 5_000;
const PAGE_MS = 12_000;
const TILE = { width: 340, height: 170, gap: 16 };

// One collator, not localeCompare with options (a new collator per call: slow for 1000 tiles).
const byName = new Intl.Collator('en', { numeric: true }).compare;
const worstFirst = (a: FleetNode, b: FleetNode) => b.status.severity - a.status.severity || byName(a.name, b.name);

/**
 * The ops room's TV: every node as a tile, worst first, pages rotating when the fleet does not fit.
 * Runs for weeks without a touch: polls every few seconds whatever happened before, retries
 * forever, keeps the last picture on screen while it reconnects and says how old it is.
 */
export function WallScreen() {
  const trpc = useTRPC();
  const connection = useLiveUpdates();
  const q = useQuery(
    trpc.fleet.overview.queryOptions(undefined, {
      refetchInterval: REFRESH_MS,
      refetchIntervalInBackground: true,
      networkMode: 'always',
      retry: true,
      retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 5_000),
      staleTime: 0,
      // The page brings the first answer with it (app/page-data.ts): no second fetch on mount.
      refetchOnMount: false,
    }),
  );
  // The same stubbornness for the alarms: a failing fetch keeps the last list on screen.
  const alarms = useQuery(
    trpc.alarm.wallWorst.queryOptions(undefined, {
      refetchInterval: REFRESH_MS,
      refetchIntervalInBackground: true,
      networkMode: 'always',
      retry: true,
      retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 5_000),
      staleTime: 0,
    }),
  );
  const now = useClock(1000);
  const failingSince = useFailingSince(q.failureCount > 0 || q.isError);
  const { ref, fit, measured } = useGridFit(TILE.width, TILE.height, TILE.gap);
  const nodes = useMemo(() => [...(q.data?.nodes ?? [])].sort(worstFirst), [q.data]);
  const pages = pageCount(nodes.length, fit.perPage);
  const [page, setPage] = useState(0);
  useEffect(() => {
    if (pages <= 1) return;
    const id = setInterval(() => setPage((p) => (p + 1) % pages), PAGE_MS);
    return () => clearInterval(id);
  }, [pages]);

  const data = q.data;
  // Ages on the server's clock, moved on by the time since the answer arrived.
  const serverNow = data ? data.nowMs + Math.max(0, now - q.dataUpdatedAt) : now;
  const newest = data ? Math.max(...data.nodes.map((n) => n.collectedAtMs ?? 0), 0) : 0;
  const dataAgeMs = data && newest > 0 ? Math.max(0, serverNow - newest) : data ? Math.max(0, now - q.dataUpdatedAt) : null;
  const counts = { bad: 0, warn: 0, ok: 0, unknown: 0 };
  for (const n of nodes) counts[n.status.level]++;
  const shown = pageSlice(nodes, page, fit.perPage);

  return (
    <div className="wall">
      <WallStatusBar nowMs={now} dataAgeMs={dataAgeMs} staleAfterMs={fleetStaleAfterMs(nodes)} connection={connection} failingSinceMs={failingSince} counts={counts} page={page % pages} pages={pages} />
      {failingSince !== null && data ? (
        <p className="wall-banner" role="alert">
          Reconnecting to vzfleet — the tiles show the last figures received, {Math.round((now - q.dataUpdatedAt) / 1000)} s ago.
        </p>
      ) : null}
      <WallAlarms data={alarms.data} nowMs={serverNow} />
      <div className="wall-area" ref={ref}>
        {!data ? (
          <p className="wall-message">{failingSince !== null ? 'Waiting for vzfleet to answer…' : 'Loading the fleet…'}</p>
        ) : nodes.length === 0 ? (
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
