'use client';

import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useDeferredValue, useMemo, useState } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { LEVEL_LOOK } from '@/components/ui/level-badge';
import { Skeleton } from '@/components/ui/skeleton';
import { useClock } from '@/components/ui/use-clock';
import { useUrlState } from '@/components/ui/use-url-state';
import { pendingFeed, type QueryFeed } from '@/trpc/feed';
import type { FailingEntry, FleetNode, FleetOverview as FleetOverviewData } from '@/trpc/types';
import { FailingNowList } from './failing-now-list';
import { FleetFilters } from './fleet-filters';
import { FleetHeatmap } from './fleet-heatmap';
import { facetsOf, filterFleet, sortFleet } from './fleet-sort';
import { FleetTable } from './fleet-table';
import { countLevels, headKey, type OverviewHead } from './overview-head';
import { nextFleetSort, overviewSearch, parseOverviewParams } from './overview-params';

// The data layer comes after the first screen: the rows the server drew are on screen before it.
const OverviewFeed = dynamic(() => import('@/components/deferred/parts').then((m) => m.OverviewFeed), { ssr: false });

const FAILING_SHOWN = 12;
const EMPTY: FleetNode[] = [];

/**
 * The morning round: every node, worst first, with the heat map and who is failing now. `head` is
 * the first screen the page computed on the server (null when that failed): drawn until the whole
 * list has arrived, if the URL still asks for the same filter and sort.
 */
export function FleetOverview({ head }: { head: OverviewHead | null }) {
  const [overview, setOverview] = useState<QueryFeed<FleetOverviewData>>(pendingFeed);
  const [failing, setFailing] = useState<QueryFeed<FailingEntry[]>>(pendingFeed);
  return (
    <>
      <OverviewFeed onOverview={setOverview} onFailing={setFailing} />
      <OverviewBody head={head} overview={overview} failing={failing} />
    </>
  );
}

function OverviewBody({ head, overview, failing }: { head: OverviewHead | null; overview: QueryFeed<FleetOverviewData>; failing: QueryFeed<FailingEntry[]> }) {
  const [params, setParams] = useUrlState(parseOverviewParams, overviewSearch);
  const clientNow = useClock(5000);
  const data = overview.data;
  const first = !data && head && head.key === headKey(params) ? head : null;
  // When the page's first screen reached this browser.
  const [headSeenAt] = useState(() => Date.now());
  // Ages are counted on the server's clock (browser and server clocks need not agree), moved on by
  // the time since the answer (or the page) arrived.
  const shownAnswer = data ?? first;
  const receivedAt = data ? overview.dataUpdatedAt : headSeenAt;
  const nowMs = shownAnswer ? shownAnswer.nowMs + Math.max(0, clientNow - receivedAt) : clientNow;

  const facets = useMemo(() => (data ? facetsOf(data.nodes) : (first?.facets ?? facetsOf([]))), [data, first]);
  const sorted = useMemo(
    () => (data ? sortFleet(filterFleet(data.nodes, params), params.sort, params.dir, data.nowMs) : null),
    [data, params],
  );
  const shown = sorted ?? first?.nodes ?? EMPTY;
  // The heat map (a cell per node) is drawn just after the table's first rows, not before them,
  // and only from the whole list.
  const heatNodes = useDeferredValue(sorted ?? EMPTY, EMPTY);

  if (!data && !first) {
    if (overview.error) return <ErrorPanel title="Could not load the fleet" error={overview.error} onRetry={overview.refetch} />;
    return <Skeleton lines={10} label="Loading the fleet…" />;
  }
  const total = data ? data.nodes.length : first!.total;
  const shownCount = sorted ? sorted.length : first!.shown;
  if (total === 0) {
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
  const counts = data ? countLevels(data.nodes) : first!.counts;
  const failingNodes = new Set(failing.data?.map((f) => f.nodeId));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Fleet</h1>
          <p className="muted">
            {total} nodes ·{' '}
            {(['bad', 'warn', 'ok', 'unknown'] as const)
              .filter((l) => counts[l] > 0)
              .map((l) => `${LEVEL_LOOK[l].icon} ${counts[l]} ${LEVEL_LOOK[l].label.toLowerCase()}`)
              .join(' · ')}
          </p>
        </div>
      </div>
      {overview.error ? <ErrorPanel title="Refreshing the fleet failed — showing the last figures" error={overview.error} /> : null}
      <FleetFilters params={params} facets={facets} onChange={setParams} shown={shownCount} total={total} />
      <div className="overview-grid">
        <FleetHeatmap nodes={heatNodes} drawing={heatNodes !== sorted} figure={params.fig} nowMs={nowMs} onFigure={(fig) => setParams({ fig })} />
        {/* A box of fixed height (views.css .failing-card): the list comes after the first screen, and
            growing with it moved the Nodes table down under the pointer (49 px for one entry). */}
        <section className="card failing-card" aria-labelledby="failing-title">
          <h2 id="failing-title">Who is failing now</h2>
          <p className="small muted">
            Containers whose failcnt rose in the last hour, newest first{failingNodes.size > 0 ? ` — on ${failingNodes.size} node${failingNodes.size === 1 ? '' : 's'}` : ''}.
          </p>
          {failing.isPending ? <Skeleton lines={4} label="Loading failures…" /> : null}
          {failing.error && !failing.data ? <ErrorPanel title="Could not load the failures" error={failing.error} onRetry={failing.refetch} /> : null}
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
        <FleetTable nodes={shown} count={shownCount} nowMs={nowMs} sort={{ key: params.sort, dir: params.dir }} onSort={(key) => setParams(nextFleetSort(params, key))} />
      </section>
    </>
  );
}
