'use client';

import { useState } from 'react';
import type { ContainerRow as Row } from '@/trpc/types';
import { ContainerRow } from './container-row';
import { filterContainers, nextSort, sortContainers, type ContainerSort } from './container-sort';
import { SortHeader } from './sort-header';

/** The node's containers: sortable by any column, filterable, header stays in view while scrolling. */
export function ContainerTable({ nodeId, rows }: { nodeId: number; rows: Row[] }) {
  const [sort, setSort] = useState<ContainerSort>({ key: 'ctId', dir: 'asc' });
  const [query, setQuery] = useState('');
  const shown = sortContainers(filterContainers(rows, query), sort);
  const onSort = (key: ContainerSort['key']) => setSort((s) => nextSort(s, key));
  const head = { sort, onSort };
  if (rows.length === 0) return <p className="muted">No containers collected yet.</p>;
  return (
    <>
      <div className="table-tools">
        <label htmlFor="ct-filter">Filter containers</label>
        <input id="ct-filter" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="CT id, hostname, IP, status" />
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
              <SortHeader label="failcnt" sortKey="failcnt" numeric {...head} />
            </tr>
          </thead>
          <tbody>
            {shown.map((ct) => (
              <ContainerRow key={ct.ctId} nodeId={nodeId} ct={ct} />
            ))}
            {shown.length === 0 ? (
              <tr>
                <td colSpan={7} className="muted">
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
