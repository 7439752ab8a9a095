'use client';

import { SearchBox } from '@/components/ui/search-box';
import { SortHeader } from '@/components/ui/sort-header';
import type { ContainerRow as Row } from '@/trpc/types';
import { ContainerRow } from './container-row';
import { filterContainers, nextSort, sortContainers, type ContainerSort } from './container-sort';

interface Props {
  nodeId: number;
  rows: Row[];
  query: string;
  sort: ContainerSort;
  onChange: (patch: { q?: string; sort?: ContainerSort }) => void;
}

/** The node's containers: sortable by any column, filterable (both in the URL), header stays in view while scrolling. */
export function ContainerTable({ nodeId, rows, query, sort, onChange }: Props) {
  const shown = sortContainers(filterContainers(rows, query), sort);
  const head = { sort, onSort: (key: ContainerSort['key']) => onChange({ sort: nextSort(sort, key) }) };
  if (rows.length === 0) return <p className="muted">No containers collected yet.</p>;
  return (
    <>
      <div className="table-tools">
        <SearchBox id="ct-filter" label="Filter containers" value={query} onChange={(q) => onChange({ q })} placeholder="CT id, hostname, IP, status" delayMs={150} />
        <span className="muted small" aria-live="polite">
          {shown.length} of {rows.length}
        </span>
      </div>
      <div className="table-wrap table-scroll">
        <table className="data-table sticky-head" aria-label="Containers">
          <thead>
            <tr>
              <SortHeader label="CT ID" sortKey="ctId" {...head} />
              <SortHeader label="Hostname" sortKey="hostname" {...head} />
              <SortHeader label="Status" sortKey="status" {...head} />
              <SortHeader label="IPs" sortKey="ips" {...head} />
              <SortHeader label="numproc held / limit" sortKey="numproc" numeric {...head} />
              <SortHeader label="privvmpages held / barrier" sortKey="privvmpages" numeric {...head} />
              <SortHeader label="alloc commit" sortKey="allocCommit" numeric title="vzmemcheck alloc commit: what this CT was promised, as % of the node's RAM + swap" {...head} />
              <SortHeader label="failcnt" sortKey="failcnt" numeric {...head} />
            </tr>
          </thead>
          <tbody>
            {shown.map((ct) => (
              <ContainerRow key={ct.ctId} nodeId={nodeId} ct={ct} />
            ))}
            {shown.length === 0 ? (
              <tr>
                <td colSpan={8} className="muted">
                  No container matches the filter.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </>
  );
}
