'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { useTRPC } from '@/trpc/client';
import type { LimitParam } from '@/vocabulary/limit-param';
import { isCtId } from '@/vocabulary/ct-id';
import { formOf, formOfCurrent, STATUS_TEXT, valueText, type LimitForm } from './limit-form';
import { LimitEditor } from './limit-editor';
import { LimitSuggestions } from './limit-suggestions';

/** The container page's limits: the suggested raises, the editor (operators, admins), the recent changes. */
export function LimitsSection({ nodeId, ctId }: { nodeId: number; ctId: string }) {
  // CT0 is the node itself: it has no limits to change.
  return isCtId(ctId) ? <CtLimits nodeId={nodeId} ctId={ctId} /> : null;
}

function CtLimits({ nodeId, ctId }: { nodeId: number; ctId: string }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  const canSet = me.data?.role === 'admin' || me.data?.role === 'operator';
  const suggest = useQuery(trpc.limit.suggest.queryOptions({ nodeId, ctId }, { refetchInterval: 15_000 }));
  const changes = useQuery(
    trpc.limit.changes.queryOptions({ nodeId, ctId, days: 30 }, { refetchInterval: (q) => (q.state.data?.some((c) => c.status === 'pending') ? 2_000 : 15_000) }),
  );
  const [draft, setDraft] = useState<LimitForm | null>(null);
  return (
    <section aria-labelledby="limits-title">
      <h2 id="limits-title">Limits</h2>
      {suggest.isPending ? <Skeleton lines={2} label="Loading suggestions…" /> : null}
      {suggest.error ? <ErrorPanel title="Could not load the suggestions" error={suggest.error} onRetry={() => void suggest.refetch()} /> : null}
      {suggest.data ? <LimitSuggestions suggestions={suggest.data.suggestions} onOpen={canSet ? (c) => setDraft(formOf(c)) : undefined} /> : null}
      {canSet ? (
        draft ? (
          <LimitEditor key={JSON.stringify(draft)} nodeId={nodeId} ctId={ctId} initial={draft} current={suggest.data?.current} onClose={() => setDraft(null)} />
        ) : (
          <button type="button" className="button" onClick={() => setDraft(formOfCurrent('privvmpages', suggest.data?.current))}>
            Change a limit…
          </button>
        )
      ) : null}
      {changes.data && changes.data.length > 0 ? (
        <table className="table compact">
          <caption>Limit changes (30 days)</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Parameter</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
              <th scope="col">Who</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {changes.data.slice(0, 20).map((c) => {
              const p = c.param as LimitParam;
              return (
                <tr key={c.id}>
                  <td>{new Date(c.atMs).toLocaleString()}</td>
                  <td>{c.param}</td>
                  <td>{valueText(p, c.before)}</td>
                  <td>{valueText(p, c.after)}</td>
                  <td>{c.source === 'node' ? 'on the node' : c.actorLabel}</td>
                  <td className={c.status === 'mismatch' || c.status === 'failed' ? 'tone-bad' : undefined}>
                    {STATUS_TEXT[c.status]}
                    {c.status === 'mismatch' ? ` (${valueText(p, c.observed)})` : ''}
                    {c.status === 'failed' && c.message ? `: ${c.message}` : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
