'use client';

import { useQuery } from '@tanstack/react-query';
import { ErrorPanel } from '@/components/ui/error-panel';
import { useTRPC } from '@/trpc/client';

/** What strangers tried in the last day, counted (audit_anonymous): not lines of the audit log. */
export function AnonymousFailuresPanel() {
  const trpc = useTRPC();
  const rows = useQuery(trpc.audit.anonymous.queryOptions());
  return (
    <section className="panel" aria-labelledby="anon-h">
      <h2 id="anon-h">Refused strangers (last 24 h)</h2>
      {rows.error && !rows.data ? <ErrorPanel title="Could not read the refused strangers" error={rows.error} onRetry={() => void rows.refetch()} /> : null}
      {rows.data && rows.data.length === 0 ? <p>None.</p> : null}
      {rows.data && rows.data.length > 0 ? (
        <table aria-label="Refused strangers">
          <thead>
            <tr>
              <th scope="col">10 minutes from</th>
              <th scope="col">Address</th>
              <th scope="col">Action</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            {rows.data.map((r) => (
              <tr key={`${r.windowStart.toISOString()} ${r.source} ${r.action}`}>
                <td>{r.windowStart.toLocaleString()}</td>
                <td>{r.source}</td>
                <td>{r.action}</td>
                <td>{r.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
