'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';
import { useTRPC } from '@/trpc/client';
import { LimitsLine } from './limits-line';
import { formatCommit } from './migration-format';

type Plan = inferRouterOutputs<AppRouter>['migration']['planEvacuation'];

function PlanTable({ plan, nodeName }: { plan: Plan; nodeName: (id: number) => string }) {
  return (
    <>
      <p>
        {plan.moves.length} move{plan.moves.length === 1 ? '' : 's'}; highest memory in use {formatCommit(plan.maxBefore.memInUse)} → {formatCommit(plan.maxAfter.memInUse)}, promised{' '}
        {formatCommit(plan.maxBefore.mem)} → {formatCommit(plan.maxAfter.mem)}, CPU {formatCommit(plan.maxBefore.cpu)} → {formatCommit(plan.maxAfter.cpu)}
      </p>
      <LimitsLine limits={plan.limits} />
      {plan.unplaced.length > 0 ? (
        <ul role="alert" aria-label="Containers without a place">
          {plan.unplaced.map((u) => (
            <li key={u.ctId}>
              CT {u.ctId}: {u.reason}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="table-wrap">
        <table className="data-table" aria-label="Planned moves">
          <thead>
            <tr>
              <th scope="col">CT</th>
              <th scope="col">From → to</th>
              <th scope="col">Mode</th>
              <th scope="col" className="num">Target memory in use</th>
              <th scope="col" className="num">Target memory promised</th>
              <th scope="col" className="num">Target CPU</th>
            </tr>
          </thead>
          <tbody>
            {plan.moves.map((m) => (
              <tr key={m.ctId}>
                <th scope="row">{m.ctId}</th>
                <td>
                  {nodeName(m.fromNodeId)} → {nodeName(m.toNodeId)}
                </td>
                <td>{m.online ? 'online' : 'offline'}</td>
                <td className="num">
                  {formatCommit(m.target.before.memInUse)} → {formatCommit(m.target.after.memInUse)}
                </td>
                <td className="num">
                  {formatCommit(m.target.before.mem)} → {formatCommit(m.target.after.mem)}
                </td>
                <td className="num">
                  {formatCommit(m.target.before.cpu)} → {formatCommit(m.target.after.cpu)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Plans running now, with their queue and pause / resume / cancel. */
export function PlanQueue({ nodeId }: { nodeId?: number }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const plans = useQuery(trpc.migration.plans.queryOptions(undefined, { refetchInterval: 3_000 }));
  const set = useMutation(trpc.migration.setPlanStatus.mutationOptions({ onSuccess: () => void qc.invalidateQueries() }));
  const shown = (plans.data ?? []).filter((p) => (nodeId === undefined || p.nodeId === nodeId) && p.status !== 'cancelled').slice(0, 3);
  if (shown.length === 0) return null;
  return (
    <ul aria-label="Migration plans" className="plan-queue">
      {shown.map((p) => (
        <li key={p.id}>
          {p.kind} plan: <strong>{p.status}</strong> — {p.jobs.total - p.jobs.queued - p.jobs.running} of {p.jobs.total} done, {p.jobs.running} running, {p.jobs.queued} queued{' '}
          {p.status === 'running' ? (
            <button type="button" className="button button-small" onClick={() => set.mutate({ planId: p.id, status: 'paused' })}>
              Pause
            </button>
          ) : null}
          {p.status === 'paused' ? (
            <button type="button" className="button button-small" onClick={() => set.mutate({ planId: p.id, status: 'running' })}>
              Resume
            </button>
          ) : null}
          {p.status === 'running' || p.status === 'paused' ? (
            <button type="button" className="button button-small" onClick={() => set.mutate({ planId: p.id, status: 'cancelled' })}>
              Cancel plan
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A move of the plan failed its pre-checks: an admin may still run it, saying why (audit log). */
function OverrideField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <label className="field">
      Override reason (admins only; recorded in the audit log), then approve again
      <textarea value={value} onChange={(e) => onChange(e.target.value)} rows={2} />
    </label>
  );
}

function useNodeNames(): (id: number) => string {
  const trpc = useTRPC();
  const nodes = useQuery(trpc.node.list.queryOptions());
  return (id) => (nodes.data as { id: number; name: string }[] | undefined)?.find((n) => n.id === id)?.name ?? `node ${id}`;
}

/** Node page: maintenance state, evacuation plan → approval → queue. */
export function EvacuatePanel({ nodeId }: { nodeId: number }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const nodeName = useNodeNames();
  const [concurrency, setConcurrency] = useState(2);
  const [override, setOverride] = useState('');
  const maintenance = useQuery(trpc.migration.maintenance.queryOptions());
  const inMaintenance = maintenance.data?.some((m) => m.nodeId === nodeId) ?? false;
  const plan = useMutation(trpc.migration.planEvacuation.mutationOptions());
  const approve = useMutation(trpc.migration.approvePlan.mutationOptions({ onSuccess: () => void qc.invalidateQueries() }));
  const setMaint = useMutation(trpc.migration.setMaintenance.mutationOptions({ onSuccess: () => void qc.invalidateQueries() }));
  return (
    <section aria-labelledby="evacuate-title" className="card">
      <h2 id="evacuate-title">Maintenance and evacuation</h2>
      <p>
        {inMaintenance ? <span className="badge tone-warn">in maintenance: no new placements, alarms muted</span> : <span className="muted">Not in maintenance.</span>}{' '}
        <button type="button" className="button button-small" onClick={() => setMaint.mutate({ nodeId, on: !inMaintenance })}>
          {inMaintenance ? 'Take out of maintenance' : 'Put into maintenance'}
        </button>
      </p>
      <button type="button" className="button" disabled={plan.isPending} onClick={() => plan.mutate({ nodeId })}>
        Plan evacuation
      </button>
      {plan.error ? <p role="alert">{plan.error.message}</p> : null}
      {plan.data && !approve.data ? (
        <>
          <PlanTable plan={plan.data} nodeName={nodeName} />
          <label>
            Moves at once{' '}
            <input type="number" min={1} max={10} value={concurrency} onChange={(e) => setConcurrency(Number(e.target.value) || 1)} />
          </label>{' '}
          <button
            type="button"
            className="button button-primary"
            disabled={approve.isPending || plan.data.moves.length === 0}
            onClick={() => approve.mutate({ planId: plan.data.planId, concurrency, overrideReason: override.trim() || null })}
          >
            Approve and run
          </button>
        </>
      ) : null}
      {approve.error ? <p role="alert">{approve.error.message}</p> : null}
      {approve.error?.data?.domain?.kind === 'precheck-failed' ? <OverrideField value={override} onChange={setOverride} /> : null}
      <PlanQueue nodeId={nodeId} />
    </section>
  );
}

/** Migrations page: a short list of moves that lower the most committed nodes, runnable as a plan. */
export function RebalancePanel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const nodeName = useNodeNames();
  const [override, setOverride] = useState('');
  const plan = useMutation(trpc.migration.planRebalance.mutationOptions());
  const approve = useMutation(trpc.migration.approvePlan.mutationOptions({ onSuccess: () => void qc.invalidateQueries() }));
  return (
    <section aria-labelledby="rebalance-title" className="card">
      <h2 id="rebalance-title">Rebalance</h2>
      <button type="button" className="button" disabled={plan.isPending} onClick={() => plan.mutate({ maxMoves: 5 })}>
        Suggest moves
      </button>
      {plan.error ? <p role="alert">{plan.error.message}</p> : null}
      {plan.data && !approve.data ? (
        <>
          <PlanTable plan={plan.data} nodeName={nodeName} />
          <button type="button" className="button button-primary" disabled={approve.isPending || plan.data.moves.length === 0} onClick={() => approve.mutate({ planId: plan.data.planId, concurrency: 1, overrideReason: override.trim() || null })}>
            Run these moves
          </button>
        </>
      ) : null}
      {approve.error ? <p role="alert">{approve.error.message}</p> : null}
      {approve.error?.data?.domain?.kind === 'precheck-failed' ? <OverrideField value={override} onChange={setOverride} /> : null}
      <PlanQueue />
    </section>
  );
}
