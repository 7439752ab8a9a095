'use client';

import { useState } from 'react';
import { SortHeader } from '@/components/ui/sort-header';
import type { FleetNode } from '@/trpc/types';
import { FleetRow } from './fleet-row';
import type { FleetSortKey } from './overview-params';

interface Props {
  nodes: FleetNode[];
  nowMs: number;
  sort: { key: FleetSortKey; dir: 'asc' | 'desc' };
  onSort: (key: FleetSortKey) => void;
}

/** Rows drawn at first: the worst nodes sort to the top; a 1000-node table renders on request. */
const FIRST_ROWS = 200;

export function FleetTable({ nodes, nowMs, sort, onSort }: Props) {
  const [all, setAll] = useState(false);
  const head = { sort, onSort };
  const shown = all ? nodes : nodes.slice(0, FIRST_ROWS);
  return (
    <div className="table-wrap table-scroll">
      <table className="data-table sticky-head fleet-table" aria-label="Nodes of the fleet">
        <thead>
          <tr>
            <SortHeader label="Node" sortKey="name" {...head} />
            <SortHeader label="Health" sortKey="severity" {...head} />
            <SortHeader label="Data age" sortKey="dataAge" numeric {...head} />
            <SortHeader label="CTs running / total" sortKey="cts" numeric {...head} />
            <SortHeader label="Memory commit" sortKey="memory" numeric title="Memory promised as % of RAM + swap: vzmemcheck alloc commit (vzoversell on VSwap nodes); below it alloc util and memory in use" {...head} />
            <SortHeader label="CPU guarantees" sortKey="cpu" numeric title="vzcpucheck: Σ cpuunits of running CTs / node power" {...head} />
            <SortHeader label="Disk quota" sortKey="disk" numeric title="Σ quota usage / Σ hard limits" {...head} />
            <SortHeader label="failcnt 1 h" sortKey="failcnt" numeric title="Allocations refused in the last hour" {...head} />
          </tr>
        </thead>
        <tbody>
          {shown.map((n) => (
            <FleetRow key={n.id} node={n} nowMs={nowMs} />
          ))}
          {nodes.length === 0 ? (
            <tr>
              <td colSpan={8} className="muted">
                No node matches the filters.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {shown.length < nodes.length ? (
        <p className="table-note">
          Showing the first {shown.length} of {nodes.length} nodes in this order.{' '}
          <button type="button" className="link-button" onClick={() => setAll(true)}>
            Show all {nodes.length}
          </button>
        </p>
      ) : null}
    </div>
  );
}
