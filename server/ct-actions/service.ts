import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { containers } from '../../db/schema';
import type { CtAction } from '../../vocabulary/ct-action';
import type { Viewer } from '../auth/roles';
import { NotFoundError } from '../errors/general-errors';
import { findNode } from '../inventory/nodes';
import { findActiveJobForCt } from '../migration/store';
import { buildCtAction, type NodeGeneration } from './commands';
import type { CtActionDeps } from './deps';
import { CtActionConflictError } from './errors';
import { allowedCtActions, canCheckpoint } from './probe';
import { fetchCtProbe } from './read-node';
import type { CtActionRunner } from './runner';
import { insertCtActionJob } from './store';

export interface CtActions {
  runner: CtActionRunner;
  deps: CtActionDeps;
}

export interface CtActionRequest {
  nodeId: number;
  ctId: string;
  action: CtAction;
  fast?: boolean;
}

/** What the page may offer for a CT, read live from its node. */
export interface CtActionOptions {
  status: string | null;
  statusError: string | null;
  generation: NodeGeneration | null;
  /** Suspend/resume possible on this node (OpenVZ 7, or legacy with vzcpt/vzrst). */
  checkpoint: boolean;
  allowed: CtAction[];
}

async function findCt(deps: CtActionDeps, nodeId: number, ctId: string) {
  const [ct] = await deps.db.select({ hostname: containers.hostname }).from(containers).where(and(eq(containers.nodeId, nodeId), eq(containers.ctId, ctId), eq(containers.present, true)));
  if (!ct) throw new NotFoundError(`CT ${ctId} on node ${nodeId}`);
  return ct;
}

export async function readCtActionOptions(deps: CtActionDeps, nodeId: number, ctId: string): Promise<CtActionOptions> {
  const node = await findNode(deps.db, nodeId);
  await findCt(deps, nodeId, ctId);
  const p = await fetchCtProbe(deps, node, ctId);
  const checkpoint = canCheckpoint(p);
  return { status: p.status, statusError: p.statusError, generation: p.generation, checkpoint, allowed: p.generation ? allowedCtActions(p.status, checkpoint) : [] };
}

/**
 * Checks the action against the CT's live status and the node's abilities, stores it as a running
 * job (one active per CT: the database's unique index decides a race) and hands it to the runner.
 * Returns at once; the output streams through ctAction.onProgress.
 */
export async function requestCtAction(a: CtActions, req: CtActionRequest, viewer: Viewer | null | undefined): Promise<{ jobId: string }> {
  const { deps } = a;
  const node = await findNode(deps.db, req.nodeId);
  const ct = await findCt(deps, req.nodeId, req.ctId);
  const migration = await findActiveJobForCt(deps.db, req.ctId);
  if (migration) throw new CtActionConflictError(`CT ${req.ctId} is being migrated (${migration.id}); try again when it is done`);
  const p = await fetchCtProbe(deps, node, req.ctId);
  if (!p.generation) throw new CtActionConflictError(`cannot tell which OpenVZ ${node.name} runs (uname -r failed)`);
  if (p.status === null) throw new CtActionConflictError(`cannot read the status of CT ${req.ctId}: ${p.statusError}`);
  const checkpoint = canCheckpoint(p);
  if (!allowedCtActions(p.status, checkpoint).includes(req.action)) {
    const why = (req.action === 'suspend' || req.action === 'resume') && !checkpoint ? `${node.name} has no checkpointing (vzcpt/vzrst not loaded)` : `CT ${req.ctId} is ${p.status}`;
    throw new CtActionConflictError(`cannot ${req.action} CT ${req.ctId}: ${why}`);
  }
  const command = buildCtAction({ generation: p.generation, ctId: req.ctId, action: req.action, fast: req.fast ?? false });
  const job = await insertCtActionJob(deps.db, {
    id: randomUUID(),
    nodeId: node.id,
    nodeName: node.name,
    ctId: req.ctId,
    hostname: ct.hostname,
    action: req.action,
    fast: req.fast ?? false,
    status: 'running',
    command,
    requestedBy: viewer?.label ?? 'anonymous',
    owner: deps.owner,
    createdAt: deps.clock(),
    statusBefore: p.status,
  });
  a.runner.launch(job);
  return { jobId: job.id };
}
