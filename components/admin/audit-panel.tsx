'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { useTRPC } from '@/trpc/client';

type Result = '' | 'ok' | 'denied' | 'error';

/** The list's input for a filter as typed: the admin page asks for the unfiltered one up front. */
export function auditListInput(q: string, result: Result) {
  return { q: q || undefined, result: result || undefined, limit: 200 };
}

/** The audit trail, newest first, filterable; the same filter exports as CSV. */
export function AuditPanel() {
  const trpc = useTRPC();
  const [q, setQ] = useState('');
  const [result, setResult] = useState<Result>('');
  const rows = useQuery(trpc.audit.list.queryOptions(auditListInput(q, result)));
  const exportUrl = `/api/audit/export?${new URLSearchParams({ ...(q ? { q } : {}), ...(result ? { result } : {}) }).toString()}`;
  return (
    <section className="panel" aria-labelledby="audit-h">
      <h2 id="audit-h">Audit log</h2>
      <div className="table-tools">
        <label htmlFor="audit-q">Filter</label>
        <input id="audit-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="who, action or target" />
        <label htmlFor="audit-result">Result</label>
        <select id="audit-result" value={result} onChange={(e) => setResult(e.target.value as Result)}>
          <option value="">any</option>
          <option value="ok">ok</option>
          <option value="denied">denied</option>
          <option value="error">error</option>
        </select>
        <a className="button button-small" href={exportUrl} download>
          Export CSV
        </a>
      </div>
      {rows.error && !rows.data ? <ErrorPanel title="Could not read the audit log" error={rows.error} onRetry={() => void rows.refetch()} /> : null}
      <div className="table-wrap table-scroll">
        <table aria-label="Audit log">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>From</th>
              <th>Action</th>
              <th>Target</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {(rows.data ?? []).map((r) => (
              <tr key={r.id}>
                <td>{new Date(r.at).toLocaleString()}</td>
                <td>
                  {r.actorLabel}
                  {r.actorRole ? ` (${r.actorRole})` : ''}
                </td>
                <td>{r.ip ?? ''}</td>
                <td>{r.action}</td>
                <td>{r.target ?? ''}</td>
                <td>{r.result}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
