'use client';

import { useEffect, useRef } from 'react';
import { SortHeader } from '@/components/ui/sort-header';
import { useRowWindow } from '@/components/ui/use-row-window';
import type { FleetNode } from '@/trpc/types';
import { FleetRow } from './fleet-row';
import { TABLE_WINDOW } from './fleet-table-window';
import type { FleetSortKey } from './overview-params';

interface Props {
  nodes: FleetNode[];
  /** Rows in the whole list when `nodes` are only its first ones (the server's first screen); default nodes.length. */
  count?: number;
  nowMs: number;
  sort: { key: FleetSortKey; dir: 'asc' | 'desc' };
  onSort: (key: FleetSortKey) => void;
}

const COLUMNS = 8;

export function FleetTable({ nodes, count = nodes.length, nowMs, sort, onSort }: Props) {
  const head = { sort, onSort };
  const box = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const win = useRowWindow(box, count, { estimate: TABLE_WINDOW.rowEstimate, overscan: TABLE_WINDOW.overscan, enabled: count > TABLE_WINDOW.from, initialViewport: TABLE_WINDOW.initialViewport, initialOverscan: TABLE_WINDOW.initialOverscan });
  const { measure } = win;
  useEffect(() => measure(body.current), [measure, win.start, win.end, nodes]);
  const drawn = nodes.slice(win.start, win.end);
  // Rows of the window not here yet (scrolled before the whole list arrived) stay empty space.
  const bottom = win.bottom + (win.end - win.start - drawn.length) * TABLE_WINDOW.rowEstimate;
  return (
    <div className="table-wrap table-scroll" ref={box}>
      <table className="data-table sticky-head fleet-table" aria-label="Nodes of the fleet" aria-rowcount={count + 1}>
        <thead>
          <tr aria-rowindex={1}>
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
        <tbody ref={body}>
          {win.top > 0 ? <Spacer height={win.top} /> : null}
          {drawn.map((n, i) => (
            <FleetRow key={n.id} node={n} nowMs={nowMs} rowIndex={win.start + i + 2} />
          ))}
          {bottom > 0 ? <Spacer height={bottom} /> : null}
          {count === 0 ? (
            <tr>
              <td colSpan={COLUMNS} className="muted">
                No node matches the filters.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

/** The rows not drawn, as empty height: the scroll bar stays true to the whole list. */
function Spacer({ height }: { height: number }) {
  return (
    <tr aria-hidden="true" data-spacer="" className="row-spacer" style={{ height }}>
      <td colSpan={COLUMNS} />
    </tr>
  );
}
