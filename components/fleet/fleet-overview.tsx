'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useDeferredValue, useMemo } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { LEVEL_LOOK, type Level } from '@/components/ui/level-badge';
import { Skeleton } from '@/components/ui/skeleton';
import { useClock } from '@/components/ui/use-clock';
import { useUrlState } from '@/components/ui/use-url-state';
import { useTRPC } from '@/trpc/client';
import type { FleetNode } from '@/trpc/types';
import { FailingNowList } from './failing-now-list';
import { FleetFilters } from './fleet-filters';
import { FleetHeatmap } from './fleet-heatmap';
import { facetsOf, filterFleet, sortFleet } from './fleet-sort';
import { FleetTable } from './fleet-table';
import { nextFleetSort, overviewSearch, parseOverviewParams } from './overview-params';

const REFRESH_MS = 15_000;
const FAILING_SHOWN = 12;
const EMPTY: FleetNode[] = [];

/** The morning round: every node, worst first, with the heat map and who is failing now. */
export function FleetOverview() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.fleet.overview.queryOptions(undefined, { refetchInterval: REFRESH_MS }));
  const failing = useQuery(trpc.fleet.failing.queryOptions({ windowMinutes: 60 }, { refetchInterval: REFRESH_MS }));
  const [params, setParams] = useUrlState(parseOverviewParams, overviewSearch);
  const clientNow = useClock(5000);
  const data = overview.data;
  // Ages are counted on the server's clock: browser and server clocks need not agree.
  const nowMs = data ? data.nowMs + Math.max(0, clientNow - overview.dataUpdatedAt) : clientNow;

  const facets = useMemo(() => facetsOf(data?.nodes ?? []), [data]);
  const shown = useMemo(
    () => (data ? sortFleet(filterFleet(data.nodes, params), params.sort, params.dir, data.nowMs) : []),
    [data, params],
  );
  // The heat map (a cell per node) is drawn just after the table's first rows, not before them.
  const heatNodes = useDeferredValue(shown, EMPTY);

  if (overview.isPending) return <Skeleton lines={10} label="Loading the fleet…" />;
  if (overview.error && !data) {
    return <ErrorPanel title="Could not load the fleet" error={overview.error} onRetry={() => void overview.refetch()} />;
  }
  if (!data) return null;
  if (data.nodes.length === 0) {
    return (
      <div className="empty">
        <h1>Fleet</h1>
        <p className="empty-title">No nodes yet.</p>
        <p>
          Add your hardware nodes on the <Link href="/nodes">Nodes</Link> page; their figures appear here after the first poll.
        </p>
      </div>
    );
  }
  const counts = countLevels(data.nodes.map((n) => n.status.level));
  const failingNodes = new Set(failing.data?.map((f) => f.nodeId));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Fleet</h1>
          <p className="muted">
            {data.nodes.length} nodes ·{' '}
            {(['bad', 'warn', 'ok', 'unknown'] as const)
              .filter((l) => counts[l] > 0)
              .map((l) => `${LEVEL_LOOK[l].icon} ${counts[l]} ${LEVEL_LOOK[l].label.toLowerCase()}`)
              .join(' · ')}
          </p>
        </div>
      </div>
      {overview.error ? <ErrorPanel title="Refreshing the fleet failed — showing the last figures" error={overview.error} /> : null}
      <FleetFilters params={params} facets={facets} onChange={setParams} shown={shown.length} total={data.nodes.length} />
      <div className="overview-grid">
        <FleetHeatmap nodes={heatNodes} drawing={heatNodes !== shown} figure={params.fig} nowMs={nowMs} onFigure={(fig) => setParams({ fig })} />
        <section className="card" aria-labelledby="failing-title">
          <h2 id="failing-title">Who is failing now</h2>
          <p className="small muted">
            Containers whose failcnt rose in the last hour, newest first{failingNodes.size > 0 ? ` — on ${failingNodes.size} node${failingNodes.size === 1 ? '' : 's'}` : ''}.
          </p>
          {failing.isPending ? <Skeleton lines={4} label="Loading failures…" /> : null}
          {failing.error && !failing.data ? <ErrorPanel title="Could not load the failures" error={failing.error} onRetry={() => void failing.refetch()} /> : null}
          {failing.data ? <FailingNowList entries={failing.data} nowMs={nowMs} limit={FAILING_SHOWN} /> : null}
          {failing.data && failing.data.length > FAILING_SHOWN ? (
            <p className="small muted">
              {failing.data.length - FAILING_SHOWN} more — sort the table by “failcnt 1 h” to see their nodes.
            </p>
          ) : null}
        </section>
      </div>
      <section aria-labelledby="nodes-title">
        <h2 id="nodes-title">Nodes</h2>
        <FleetTable nodes={shown} nowMs={nowMs} sort={{ key: params.sort, dir: params.dir }} onSort={(key) => setParams(nextFleetSort(params, key))} />
      </section>
    </>
  );
}

function countLevels(levels: Level[]): Record<Level, number> {
  const out: Record<Level, number> = { ok: 0, warn: 0, bad: 0, unknown: 0 };
  for (const l of levels) out[l]++;
  return out;
}
