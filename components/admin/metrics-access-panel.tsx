'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { useTRPC } from '@/trpc/client';

/** Who may scrape /api/metrics: a token for Prometheus (shown once), or open on purpose. */
export function MetricsAccessPanel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const access = useQuery(trpc.security.metricsAccess.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.security.metricsAccess.queryKey() });
  const [token, setToken] = useState<string | null>(null);
  const generate = useMutation(trpc.security.generateMetricsToken.mutationOptions({ onSuccess: (r) => (setToken(r.token), refresh()) }));
  const setOpen = useMutation(trpc.security.setMetricsOpen.mutationOptions({ onSuccess: refresh }));
  const a = access.data;
  return (
    <section className="panel" aria-labelledby="metrics-access-h">
      <h2 id="metrics-access-h">Prometheus metrics</h2>
      {access.error && !a ? <ErrorPanel title="Could not read who may scrape" error={access.error} onRetry={() => void access.refetch()} /> : null}
      <p>
        <code>/api/metrics</code> names every node and container. It answers only a scrape that sends{' '}
        <code>Authorization: Bearer &lt;token&gt;</code>
        {a?.hasEnvToken ? ' (VZFLEET_METRICS_TOKEN is set, or a generated token)' : ''}
        {a?.open ? '; it is now open to anyone who can reach this server.' : '.'}
      </p>
      <p>
        <button type="button" disabled={generate.isPending} onClick={() => generate.mutate()}>
          {a?.hasGeneratedToken ? 'Replace the scrape token' : 'Generate a scrape token'}
        </button>
      </p>
      {token ? (
        <p role="status">
          New token (shown once; the old one stops working): <code aria-label="scrape token">{token}</code>
        </p>
      ) : null}
      {a ? (
        <>
          <p>Put the token alone in a file on the Prometheus host and add:</p>
          <pre aria-label="scrape_config">{a.scrapeConfig}</pre>
        </>
      ) : null}
      <label>
        <input type="checkbox" checked={a?.open ?? false} disabled={!a || setOpen.isPending} onChange={(e) => setOpen.mutate({ open: e.target.checked })} /> Let anyone scrape
        without a token (only on a trusted network)
      </label>
    </section>
  );
}
