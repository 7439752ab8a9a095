'use client';

import { useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { useTRPC } from '@/trpc/client';
import { formatCommit } from './migration-format';
import { LimitsLine } from './limits-line';
import { MigrationProgress } from './migration-progress';

/**
 * Migrate one CT: targets ranked by fit with before/after commitment, the pre-checks of the chosen
 * target, then the job's progress. Online by default. Start stays disabled until every check
 * passes, or an admin gives a written reason to override.
 */
export function MigrateDialog({ nodeId, ctId, onClose }: { nodeId: number; ctId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const [online, setOnline] = useState(true);
  const [targetId, setTargetId] = useState<number | null>(null);
  const [override, setOverride] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  // Mutations, not queries: both SSH to the nodes (the pre-checks take the CT's lock), so they run
  // when the dialog asks, never on a GET or a background refetch.
  const rank = useMutation(trpc.migration.targets.mutationOptions());
  const check = useMutation(trpc.migration.precheck.mutationOptions());
  const { mutate: rankTargets } = rank;
  const { mutate: runChecks, reset: resetChecks } = check;
  const rankNow = useCallback(() => rankTargets({ ctId, nodeId, online }), [rankTargets, ctId, nodeId, online]);
  const checkNow = useCallback(() => {
    if (targetId === null) resetChecks();
    else runChecks({ ctId, sourceNodeId: nodeId, targetNodeId: targetId, online });
  }, [runChecks, resetChecks, ctId, nodeId, targetId, online]);
  useEffect(rankNow, [rankNow]);
  useEffect(checkNow, [checkNow]);
  const targets = rank;
  // Only the answer for the target and mode shown counts (an earlier answer may still be on screen).
  const asked = check.variables;
  const pre = { ...check, data: asked && asked.targetNodeId === targetId && asked.online === online ? check.data : undefined };
  const start = useMutation(trpc.migration.start.mutationOptions({ onSuccess: (r) => setJobId(r.jobId) }));
  const chosen = targets.data?.find((t) => t.nodeId === targetId);
  const passed = pre.data?.passed === true;
  const overriding = pre.data && !passed && override.trim().length >= 10;
  return (
    <section role="dialog" aria-labelledby="migrate-title" className="card migrate-dialog">
      <h2 id="migrate-title">Migrate CT {ctId}</h2>
      {jobId ? (
        <MigrationProgress jobId={jobId} />
      ) : (
        <>
          <fieldset>
            <legend>Mode</legend>
            <label className="choice">
              <input type="radio" name="mode" checked={online} onChange={() => setOnline(true)} />
              <span>Online (live)</span>
            </label>
            <label className="choice">
              <input type="radio" name="mode" checked={!online} onChange={() => setOnline(false)} />
              <span>Offline (stop, move, start)</span>
            </label>
          </fieldset>
          {targets.isPending ? (
            <p className="muted" role="status">
              Ranking target nodes (asking every node)…
            </p>
          ) : null}
          {targets.error ? (
            <p role="alert">
              Could not rank the target nodes: {targets.error.message}{' '}
              <button type="button" className="button button-small" onClick={rankNow}>
                Try again
              </button>
            </p>
          ) : null}
          {targets.data ? (
            <div className="table-wrap">
              <table className="data-table" aria-label="Target nodes">
                <thead>
                  <tr>
                    <th scope="col">Target</th>
                    <th scope="col" className="num">Memory in use</th>
                    <th scope="col" className="num">Memory promised</th>
                    <th scope="col" className="num">CPU guarantees</th>
                    <th scope="col" className="num">Free disk</th>
                    <th scope="col">Fit</th>
                  </tr>
                </thead>
                <tbody>
                  {targets.data.map((t) => (
                    <tr key={t.nodeId}>
                      <th scope="row">
                        <label className="choice">
                          <input type="radio" name="target" checked={targetId === t.nodeId} onChange={() => setTargetId(t.nodeId)} />
                          <span>{t.name}</span>
                        </label>
                      </th>
                      <td className="num">
                        {formatCommit(t.target.before.memInUse)} → {formatCommit(t.target.after.memInUse)}
                      </td>
                      <td className="num">
                        {formatCommit(t.target.before.mem)} → {formatCommit(t.target.after.mem)}
                      </td>
                      <td className="num">
                        {formatCommit(t.target.before.cpu)} → {formatCommit(t.target.after.cpu)}
                      </td>
                      <td className="num">{t.diskFreeKb === null ? '—' : `${Math.round(t.diskFreeKb / 1048576)} GiB`}</td>
                      <td>
                        {t.fits ? 'fits' : t.problems.join('; ')}
                        {/* The node's own figures disagree with its recorded capacity: placement used the smaller. */}
                        {t.warnings.map((w) => (
                          <span key={w} className="badge tone-warn" role="note">
                            {w}
                          </span>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {targets.data?.[0] ? <LimitsLine limits={targets.data[0].limits} /> : null}
          {chosen ? (
            <p aria-label="Source after the move">
              Source after the move: memory in use {formatCommit(chosen.source.before.memInUse)} → {formatCommit(chosen.source.after.memInUse)}, promised{' '}
              {formatCommit(chosen.source.before.mem)} → {formatCommit(chosen.source.after.mem)}, CPU {formatCommit(chosen.source.before.cpu)} → {formatCommit(chosen.source.after.cpu)}
            </p>
          ) : null}
          {targetId !== null && pre.isPending ? (
            <p className="muted" role="status">
              Running pre-checks (vzmigrate --check-only on the source)…
            </p>
          ) : null}
          {pre.error ? (
            <p role="alert">
              Pre-checks could not run: {pre.error.message}{' '}
              <button type="button" className="button button-small" onClick={checkNow}>
                Run pre-checks again
              </button>
            </p>
          ) : null}
          {pre.data ? (
            <ul aria-label="Pre-checks" className="prechecks">
              {pre.data.checks.map((c) => (
                <li key={c.id} className={c.ok ? 'tone-good' : 'tone-bad'}>
                  <span aria-hidden="true">{c.ok ? '✓' : '✕'}</span> <strong>{c.label}</strong>: {c.ok ? 'pass' : 'fail'} — {c.reason}
                </li>
              ))}
            </ul>
          ) : null}
          {pre.data && !passed ? (
            <label className="field">
              Override reason (admins only; recorded in the audit log)
              <textarea value={override} onChange={(e) => setOverride(e.target.value)} rows={2} />
            </label>
          ) : null}
          {start.error ? <p role="alert">{start.error.message}</p> : null}
          <p>
            <button
              type="button"
              className="button button-primary"
              disabled={!pre.data || pre.isPending || (!passed && !overriding) || start.isPending || targetId === null}
              onClick={() => start.mutate({ ctId, sourceNodeId: nodeId, targetNodeId: targetId!, online, overrideReason: passed ? null : override.trim() })}
            >
              Start migration
            </button>{' '}
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          </p>
        </>
      )}
    </section>
  );
}

/** The "Migrate…" button and its dialog, for the container and node pages. */
export function MigrateButton({ nodeId, ctId }: { nodeId: number; ctId: string }) {
  const [open, setOpen] = useState(false);
  return open ? (
    <MigrateDialog nodeId={nodeId} ctId={ctId} onClose={() => setOpen(false)} />
  ) : (
    <button type="button" className="button" onClick={() => setOpen(true)}>
      Migrate…
    </button>
  );
}
