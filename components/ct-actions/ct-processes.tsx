'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { VzpsProcess } from '@/server/openvz/vzps';
import { useTRPC } from '@/trpc/client';
import { formatCpuTime, formatKib } from './ct-action-format';

type Proc = VzpsProcess;

function ProcessTable({ label, rows }: { label: string; rows: Proc[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table" aria-label={label}>
        <caption className="small muted">{label}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">PID</th>
            <th scope="col" className="num">UID</th>
            <th scope="col" className="num">Memory (RSS)</th>
            <th scope="col" className="num">%CPU</th>
            <th scope="col" className="num">CPU time</th>
            <th scope="col">Command</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.pid}>
              <td className="num">{p.pid}</td>
              <td className="num">{p.uid}</td>
              <td className="num">{formatKib(p.rssKb)}</td>
              <td className="num">{p.cpuPercent.toFixed(1)}</td>
              <td className="num mono">{formatCpuTime(p.cpuTimeSec)}</td>
              {/* The customer's process name: text only, never markup. */}
              <td className="mono">{p.command}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The CT's top processes by memory and by CPU, read on its node with vzps when asked (a person
 * opens it or presses Refresh): nothing runs inside the customer's container.
 */
export function CtProcesses({ nodeId, ctId, open: initiallyOpen = false }: { nodeId: number; ctId: string; open?: boolean }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(initiallyOpen);
  const q = useQuery(trpc.ctProcess.top.queryOptions({ nodeId, ctId }, { enabled: open, staleTime: 10_000, refetchOnWindowFocus: false }));
  return (
    <details className="ct-processes" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>Processes (top by memory and by CPU)</summary>
      {q.isFetching ? <p className="muted small" role="status">Reading the processes on the node (vzps)…</p> : null}
      {q.error ? <p role="alert">Could not read the processes: {q.error.message}</p> : null}
      {q.data ? (
        <>
          <p className="small muted">
            {q.data.count} process{q.data.count === 1 ? '' : 'es'}, {formatKib(q.data.totalRssKb)} resident in all · read {new Date(q.data.readAt).toLocaleTimeString()}{' '}
            <button type="button" className="button button-small" onClick={() => void q.refetch()}>
              Refresh
            </button>
          </p>
          {q.data.count === 0 ? <p className="muted">No processes: the CT is not running.</p> : (
            <>
              <ProcessTable label="Top processes by memory" rows={q.data.byMemory} />
              <ProcessTable label="Top processes by CPU" rows={q.data.byCpu} />
            </>
          )}
        </>
      ) : null}
    </details>
  );
}
