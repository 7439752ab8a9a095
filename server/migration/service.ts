import type { Viewer } from '../auth/roles';
import { PrecheckFailedError, MigrationConflictError } from './errors';
import type { MigrationDeps } from './deps';
import { gatherPlanState, runPrechecks, type PrecheckResult } from './gather';
import { planEvacuation, planRebalance, type Plan } from './planner';
import type { MigrationRunner } from './runner';
import { findActiveJobForCt, findMaintenance, findPlan, insertPlan, setMaintenance, updatePlan } from './store';
import { randomUUID } from 'node:crypto';

export interface Migrations {
  runner: MigrationRunner;
  deps: MigrationDeps;
}

export function viewerLabel(viewer: Viewer | null | undefined): string {
  return viewer?.label ?? 'anonymous';
}

/** Only admins may override failed pre-checks (recorded with the written reason in the audit log). */
export function canOverride(viewer: Viewer | null | undefined): boolean {
  return viewer?.role === 'admin';
}

export interface StartRequest {
  ctId: string;
  sourceNodeId: number;
  targetNodeId: number;
  online: boolean;
  overrideReason?: string | null;
}

/** Pre-checks, then a queued job; its id comes back at once, the runner does the rest. */
export async function startMigration(m: Migrations, req: StartRequest, viewer: Viewer | null | undefined): Promise<{ jobId: string; prechecks: PrecheckResult }> {
  if (req.sourceNodeId === req.targetNodeId) throw new MigrationConflictError('source and target are the same node');
  const active = await findActiveJobForCt(m.deps.db, req.ctId);
  if (active) throw new MigrationConflictError(`CT ${req.ctId} already has an active migration (${active.id})`);
  if ((await findMaintenance(m.deps.db)).has(req.targetNodeId)) throw new MigrationConflictError('the target node is in maintenance');
  const pre = await runPrechecks(m.deps, req);
  const failed = pre.checks.filter((c) => !c.ok);
  if (failed.length > 0) {
    if (!req.overrideReason) throw new PrecheckFailedError(failed);
    if (!canOverride(viewer)) throw new PrecheckFailedError(failed, 'only an admin may override failed pre-checks');
  }
  const job = await m.runner.enqueue({ ...req, requestedBy: viewerLabel(viewer), overrideReason: failed.length > 0 ? req.overrideReason : null });
  return { jobId: job.id, prechecks: pre };
}

export async function planNodeEvacuation(m: Migrations, nodeId: number): Promise<Plan> {
  const state = await gatherPlanState(m.deps);
  return planEvacuation(nodeId, state.nodes, state.cts, m.deps.thresholds);
}

export async function planFleetRebalance(m: Migrations, maxMoves: number): Promise<Plan> {
  const state = await gatherPlanState(m.deps);
  return planRebalance(state.nodes, state.cts, m.deps.thresholds, { maxMoves });
}

/** An approved plan: stored, its moves queued under its concurrency; an evacuated node goes into maintenance. */
export async function approvePlan(
  m: Migrations,
  input: { kind: 'evacuate' | 'rebalance'; nodeId: number | null; plan: Plan; concurrency: number },
  viewer: Viewer | null | undefined,
): Promise<{ planId: string; jobIds: string[] }> {
  const by = viewerLabel(viewer);
  const at = m.deps.clock();
  const row = await insertPlan(m.deps.db, {
    id: randomUUID(), kind: input.kind, nodeId: input.nodeId, status: 'running', concurrency: input.concurrency,
    plan: input.plan as unknown as Record<string, unknown>, createdBy: by, createdAt: at,
  });
  if (input.kind === 'evacuate' && input.nodeId !== null) await setMaintenance(m.deps.db, input.nodeId, true, by, at, 'evacuation');
  const jobIds: string[] = [];
  for (const move of input.plan.moves) {
    const job = await m.runner.enqueue({ ctId: move.ctId, sourceNodeId: move.fromNodeId, targetNodeId: move.toNodeId, online: move.online, requestedBy: by, planId: row.id });
    jobIds.push(job.id);
  }
  return { planId: row.id, jobIds };
}

export async function setPlanStatus(m: Migrations, planId: string, status: 'running' | 'paused' | 'cancelled'): Promise<void> {
  const plan = await findPlan(m.deps.db, planId);
  if (!plan) throw new MigrationConflictError(`no plan ${planId}`);
  if (plan.status === 'done' || plan.status === 'cancelled') throw new MigrationConflictError(`the plan is ${plan.status}`);
  await updatePlan(m.deps.db, planId, { status });
  m.runner.kick();
}
