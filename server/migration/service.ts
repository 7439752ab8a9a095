import type { Viewer } from '../auth/roles';
import { PrecheckFailedError, MigrationConflictError } from './errors';
import type { MigrationDeps } from './deps';
import { gatherPlanState, runPrechecks, type PlanState, type PrecheckResult } from './gather';
import { planEvacuation, planRebalance, type Plan } from './planner';
import type { MigrationRunner } from './runner';
import { claimProposedPlan, deleteExpiredProposals, findActiveJobForCt, findMaintenance, findPlan, insertPlan, setMaintenance, updatePlan } from './store';
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

/**
 * What every move must pass before it is queued, whoever asks (a person's start or an approved
 * plan): not onto its own node, no other active job of the CT, target not in maintenance, the
 * pre-checks passed — or an admin's written override. Returns the override to record, if used.
 */
export async function checkMove(m: Migrations, req: StartRequest, viewer: Viewer | null | undefined, state?: PlanState): Promise<{ prechecks: PrecheckResult; override: string | null }> {
  if (req.sourceNodeId === req.targetNodeId) throw new MigrationConflictError(`CT ${req.ctId}: source and target are the same node`);
  const active = await findActiveJobForCt(m.deps.db, req.ctId);
  if (active) throw new MigrationConflictError(`CT ${req.ctId} already has an active migration (${active.id})`);
  if ((await findMaintenance(m.deps.db)).has(req.targetNodeId)) throw new MigrationConflictError(`CT ${req.ctId}: the target node is in maintenance`);
  const pre = await runPrechecks(m.deps, req, state);
  const failed = pre.checks.filter((c) => !c.ok);
  if (failed.length > 0) {
    if (!req.overrideReason) throw new PrecheckFailedError(failed, `CT ${req.ctId}: pre-checks failed: ${failed.map((c) => `${c.label}: ${c.reason}`).join('; ')}`);
    if (!canOverride(viewer)) throw new PrecheckFailedError(failed, 'only an admin may override failed pre-checks');
  }
  return { prechecks: pre, override: failed.length > 0 ? req.overrideReason! : null };
}

/** Pre-checks, then a queued job; its id comes back at once, the runner does the rest. */
export async function startMigration(m: Migrations, req: StartRequest, viewer: Viewer | null | undefined): Promise<{ jobId: string; prechecks: PrecheckResult }> {
  const { prechecks, override } = await checkMove(m, req, viewer);
  const job = await m.runner.enqueue({ ...req, requestedBy: viewerLabel(viewer), overrideReason: override });
  return { jobId: job.id, prechecks };
}

/** A proposal can be approved for this long; after that the fleet has moved on and it must be planned again. */
export const PLAN_TTL_MS = 15 * 60_000;

export type ProposedPlan = Plan & { planId: string; expiresAt: Date };

async function proposePlan(m: Migrations, kind: 'evacuate' | 'rebalance', nodeId: number | null, plan: Plan, viewer: Viewer | null | undefined): Promise<ProposedPlan> {
  const at = m.deps.clock();
  await deleteExpiredProposals(m.deps.db, at);
  const expiresAt = new Date(at.getTime() + PLAN_TTL_MS);
  const row = await insertPlan(m.deps.db, {
    id: randomUUID(), kind, nodeId, status: 'proposed', plan: plan as unknown as Record<string, unknown>, createdBy: viewerLabel(viewer), createdAt: at, expiresAt,
  });
  return { ...plan, planId: row.id, expiresAt };
}

/** Computed here and stored as a proposal: approval names it by id, so nobody can slip in moves of their own. */
export async function planNodeEvacuation(m: Migrations, nodeId: number, viewer?: Viewer | null): Promise<ProposedPlan> {
  const state = await gatherPlanState(m.deps);
  return proposePlan(m, 'evacuate', nodeId, planEvacuation(nodeId, state.nodes, state.cts, m.deps.thresholds), viewer);
}

export async function planFleetRebalance(m: Migrations, maxMoves: number, viewer?: Viewer | null): Promise<ProposedPlan> {
  const state = await gatherPlanState(m.deps);
  return proposePlan(m, 'rebalance', null, planRebalance(state.nodes, state.cts, m.deps.thresholds, { maxMoves }), viewer);
}

/**
 * Approves a stored proposal by id: every move passes checkMove first (all or nothing), then the
 * plan turns running, its moves are queued under its concurrency (the runner adds the per-node
 * limit) and an evacuated node goes into maintenance.
 */
export async function approvePlan(
  m: Migrations,
  input: { planId: string; concurrency: number; overrideReason?: string | null },
  viewer: Viewer | null | undefined,
): Promise<{ planId: string; jobIds: string[] }> {
  const stored = await findPlan(m.deps.db, input.planId);
  if (!stored) throw new MigrationConflictError(`no plan ${input.planId}`);
  if (stored.status !== 'proposed') throw new MigrationConflictError(`the plan is ${stored.status}, not waiting for approval`);
  if (!stored.expiresAt || stored.expiresAt.getTime() <= m.deps.clock().getTime()) throw new MigrationConflictError('the plan has expired; plan again');
  const plan = stored.plan as unknown as Plan;
  const state = await gatherPlanState(m.deps);
  const overrides: (string | null)[] = [];
  for (const move of plan.moves) {
    const req = { ctId: move.ctId, sourceNodeId: move.fromNodeId, targetNodeId: move.toNodeId, online: move.online, overrideReason: input.overrideReason ?? null };
    overrides.push((await checkMove(m, req, viewer, state)).override);
  }
  const by = viewerLabel(viewer);
  const at = m.deps.clock();
  const row = await claimProposedPlan(m.deps.db, stored.id, at, input.concurrency);
  if (!row) throw new MigrationConflictError('the plan was approved meanwhile, or has expired');
  if (row.kind === 'evacuate' && row.nodeId !== null) await setMaintenance(m.deps.db, row.nodeId, true, by, at, 'evacuation');
  const jobIds: string[] = [];
  for (const [i, move] of plan.moves.entries()) {
    const job = await m.runner.enqueue({ ctId: move.ctId, sourceNodeId: move.fromNodeId, targetNodeId: move.toNodeId, online: move.online, requestedBy: by, planId: row.id, overrideReason: overrides[i] });
    jobIds.push(job.id);
  }
  return { planId: row.id, jobIds };
}

/** Cancels an active job; a finished or unknown job is a conflict, so the caller hears it. */
export async function cancelMigration(m: Migrations, jobId: string): Promise<{ cancelled: true }> {
  if (!(await m.runner.cancel(jobId))) throw new MigrationConflictError('the job is not active');
  return { cancelled: true };
}

export async function setPlanStatus(m: Migrations, planId: string, status: 'running' | 'paused' | 'cancelled'): Promise<void> {
  const plan = await findPlan(m.deps.db, planId);
  if (!plan) throw new MigrationConflictError(`no plan ${planId}`);
  if (plan.status === 'done' || plan.status === 'cancelled') throw new MigrationConflictError(`the plan is ${plan.status}`);
  // A proposal runs only through approvePlan (its checks); here it can only be dropped.
  if (plan.status === 'proposed' && status !== 'cancelled') throw new MigrationConflictError('the plan is not approved yet');
  await updatePlan(m.deps.db, planId, { status });
  m.runner.kick();
}
