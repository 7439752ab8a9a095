'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useTRPC } from '@/trpc/client';
import { CT_ACTION_LABEL, type CtAction } from '@/vocabulary/ct-action';
import { confirmQuestion } from './ct-action-format';
import { CtActionProgress } from './ct-action-progress';

/**
 * Start, stop, restart, suspend, resume for admins and operators. The CT's state and the actions it
 * allows are read live from the node when a person opens the panel (and after each action) — not on
 * every view of the page, which would SSH to the node and add an audit line each time; every action is
 * confirmed in words that name the CT's id and hostname, then runs as a job whose output streams here.
 */
export function CtActionsPanel({ nodeId, ctId, hostname }: { nodeId: number; ctId: string; hostname: string | null }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useQuery(trpc.account.me.queryOptions());
  const allowedRole = me.data?.role === 'admin' || me.data?.role === 'operator';
  // A mutation, not a query: it SSHes to the node, so it runs when the panel asks, never on a refetch.
  const options = useMutation(trpc.ctAction.options.mutationOptions());
  const { mutate: readOptions } = options;
  const refresh = useCallback(() => readOptions({ nodeId, ctId }), [readOptions, nodeId, ctId]);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (allowedRole && open) refresh();
  }, [allowedRole, open, refresh]);
  const [asking, setAsking] = useState<CtAction | null>(null);
  const [fast, setFast] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const run = useMutation(trpc.ctAction.run.mutationOptions({ onSuccess: (r) => setJobId(r.jobId) }));
  if (!allowedRole) return null;
  if (!open) {
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Start, stop, suspend…
      </button>
    );
  }
  const o = options.data;
  const onDone = () => {
    refresh();
    void qc.invalidateQueries();
  };
  return (
    <section className="card ct-actions" aria-labelledby="ct-actions-title">
      <h2 id="ct-actions-title">Actions</h2>
      {options.isPending ? <p className="muted" role="status">Reading the CT's state on the node…</p> : null}
      {options.error ? (
        <p role="alert">
          Could not read the CT's state: {options.error.message}{' '}
          <button type="button" className="button button-small" onClick={refresh}>
            Try again
          </button>
        </p>
      ) : null}
      {o ? (
        <p className="small">
          State on the node: <strong aria-label="State on the node">{o.status ?? 'unknown'}</strong>
          {o.statusError ? <span className="muted"> ({o.statusError})</span> : null}
          {o.status === 'running' && !o.checkpoint ? <span className="muted"> · suspend is not available: the node has no checkpointing (vzcpt/vzrst)</span> : null}
        </p>
      ) : null}
      {o && asking === null ? (
        <div className="confirm">
          {o.allowed.map((a) => (
            <button key={a} type="button" className="button" disabled={run.isPending} onClick={() => setAsking(a)}>
              {CT_ACTION_LABEL[a]}…
            </button>
          ))}
          {o.allowed.length === 0 ? <span className="muted small">No action is possible from this state.</span> : null}
        </div>
      ) : null}
      {asking !== null ? (
        <div role="alertdialog" aria-labelledby="ct-action-confirm" className="confirm">
          <p id="ct-action-confirm">{confirmQuestion(asking, ctId, hostname, fast)}</p>
          {asking === 'stop' ? (
            <label>
              <input type="checkbox" checked={fast} onChange={(e) => setFast(e.target.checked)} /> Fast: kill the processes instead of a clean shutdown (--fast)
            </label>
          ) : null}
          <div className="confirm">
            <button
              type="button"
              className="button button-danger"
              onClick={() => {
                run.mutate({ nodeId, ctId, action: asking, fast: asking === 'stop' && fast });
                setAsking(null);
                setFast(false);
              }}
            >
              Yes, {CT_ACTION_LABEL[asking].toLowerCase()} CT {ctId}
            </button>
            <button type="button" className="button" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {run.error ? <p role="alert">{run.error.message}</p> : null}
      {jobId ? <CtActionProgress key={jobId} jobId={jobId} onDone={onDone} /> : null}
    </section>
  );
}
