'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { useUrlState } from '@/components/ui/use-url-state';
import { useTRPC } from '@/trpc/client';
import { ALARM_TABS, alarmSearch, listStateOf, parseAlarmParams, SEVERITY_FILTERS, TAB_LABEL, type SeverityFilter } from './alarm-params';
import { IncidentFocus } from './incident-focus';
import { IncidentTable } from './incident-table';
import { SEVERITY_LOOK } from './severity-look';

const REFRESH_MS = 10_000;

/**
 * Staff's alarm list: open, acknowledged, silenced and resolved incidents, filtered by severity and
 * node, all in the URL so a view can be shared. Operators and admins act on them from here.
 */
export function AlarmsPage({ canAct, isAdmin }: { canAct: boolean; isAdmin: boolean }) {
  const trpc = useTRPC();
  const [params, setParams] = useUrlState(parseAlarmParams, alarmSearch);
  const list = useQuery(
    trpc.alarm.list.queryOptions(
      { state: listStateOf(params.state), severity: params.severity || undefined, nodeId: params.node ?? undefined, limit: 200 },
      { refetchInterval: REFRESH_MS },
    ),
  );
  const nodes = useQuery(trpc.node.list.queryOptions());
  const tabHref = (state: (typeof ALARM_TABS)[number]) => `/alarms${alarmSearch({ ...params, state, incident: null })}`;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Alarms</h1>
          <p className="muted">Incidents open while their condition lasts; acknowledge one to say someone is on it.</p>
        </div>
        {isAdmin ? (
          <Link href="/alarms/channels" className="button">
            Channels and delivery log
          </Link>
        ) : null}
      </div>
      {params.incident !== null ? <IncidentFocus id={params.incident} canAct={canAct} onClose={() => setParams({ incident: null })} /> : null}
      <nav aria-label="Incident states" className="alarm-tabs">
        {ALARM_TABS.map((t) => (
          <Link key={t} href={tabHref(t)} className="alarm-tab" aria-current={params.state === t ? 'page' : undefined}>
            {TAB_LABEL[t]}
          </Link>
        ))}
      </nav>
      <div className="filters">
        <div>
          <label htmlFor="alarm-severity">Severity</label>
          <select id="alarm-severity" value={params.severity} onChange={(e) => setParams({ severity: e.target.value as SeverityFilter })}>
            {SEVERITY_FILTERS.map((s) => (
              <option key={s} value={s}>
                {s ? SEVERITY_LOOK[s].label : 'any'}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="alarm-node">Node</label>
          <select id="alarm-node" value={params.node ?? ''} onChange={(e) => setParams({ node: e.target.value ? Number(e.target.value) : null })}>
            <option value="">any</option>
            {(nodes.data ?? []).map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {list.isPending ? <Skeleton lines={4} label="Loading incidents…" /> : null}
      {list.error && !list.data ? <ErrorPanel title="Could not load the incidents" error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data ? (
        list.data.length === 0 ? (
          <p className="empty-inline">No {TAB_LABEL[params.state].toLowerCase()} incidents{params.severity || params.node ? ' match these filters' : ''}.</p>
        ) : (
          <IncidentTable rows={list.data} canAct={canAct} focusId={params.incident} label={`${TAB_LABEL[params.state]} incidents`} />
        )
      ) : null}
    </>
  );
}
