'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ErrorPanel } from '@/components/ui/error-panel';
import { SearchBox } from '@/components/ui/search-box';
import { Skeleton } from '@/components/ui/skeleton';
import { useUrlState } from '@/components/ui/use-url-state';
import { useTRPC } from '@/trpc/client';
import { VerdictCard } from './verdict-card';

const parse = (sp: { get(name: string): string | null }) => ({ q: (sp.get('q') ?? '').slice(0, 200) });
const serialize = (p: { q: string }) => (p.q ? `?${new URLSearchParams({ q: p.q }).toString()}` : '');

/** The support desk: paste a hostname, an IP or a CT id, get a verdict to put in the ticket. */
export function LookupPage() {
  const trpc = useTRPC();
  const [params, setParams] = useUrlState(parse, serialize);
  const q = params.q.trim();
  const search = useQuery(
    trpc.lookup.search.queryOptions({ q }, { enabled: q.length > 0, placeholderData: keepPreviousData, refetchInterval: 30_000 }),
  );
  const data = q ? search.data : undefined;
  return (
    <>
      <h1>Container lookup</h1>
      <div role="search" className="lookup-search">
        <SearchBox
          id="lookup-q"
          label="Hostname, IP address or CT id"
          value={params.q}
          onChange={(v) => setParams({ q: v })}
          placeholder="e.g. shop.example.com, 10.1.2.3 or 101"
          autoFocus
          hint="Part of it is enough: “shop.exa”, “10.1.2.”, “10”. Searches the whole fleet."
        />
      </div>
      {!q ? (
        <div className="empty">
          <p className="empty-title">Paste what the customer wrote: their site’s hostname, their IP, or their container number.</p>
          <p className="muted">You get one card per matching container, saying whether the problem is theirs, the node’s, or an outage — with a button that copies it into the ticket.</p>
        </div>
      ) : null}
      {q && search.isPending ? <Skeleton lines={5} label="Looking up…" /> : null}
      {q && search.error && !data ? <ErrorPanel title="The lookup failed" error={search.error} onRetry={() => void search.refetch()} /> : null}
      {data ? (
        <section aria-label="Results" aria-busy={search.isFetching}>
          <p className="muted small" role="status">
            {data.results.length === 0
              ? `Nothing matches “${data.query}”. Check the spelling, or try part of it (the domain without “www.”, the first three parts of the IP).`
              : `${data.results.length}${data.more ? '+' : ''} container${data.results.length === 1 ? ' matches' : 's match'} “${data.query}”${data.more ? ' — showing the first ones; type more to narrow it down' : ''}.`}
          </p>
          <div className="verdicts">
            {data.results.map((r) => (
              <VerdictCard key={`${r.nodeId}/${r.ctId}`} result={r} />
            ))}
          </div>
        </section>
      ) : null}
    </>
  );
}
