import { resolveSshTarget } from '../collector/collect-node';
import { findRecordedCapacities } from '../inventory/node-capacity';
import { findNode, listNodes, type NodeRow } from '../inventory/nodes';
import { parseVzmigrateLog } from '../openvz/vzmigrate-log';
import { buildMigrationProbe, buildVzmigrate, newSectionToken } from '../ssh/commands';
import { nodePoolKey } from '../ssh/pool';
import type { MigrationDeps } from './deps';
import { buildPlanState, type NodeFacts } from './fleet-state';
import { rankTargets, scoreFit, type TargetFit } from './fit';
import { computePlacementLimits } from './limits';
import type { PlanCt, PlanNode } from './model';
import { probeGeneration } from './migration-tool';
import { evaluatePrechecks, type Precheck } from './prechecks';
import { parseNodeProbe, type NodeProbe } from './probe';
import { findActiveJobForCt, findMaintenance } from './store';
import { applyVz7Prechecks } from './vz7-prechecks';
import { runSshReach } from './vz7-reach';

export type ProbeOutcome = { probe: NodeProbe; error: null } | { probe: null; error: string };

/** Reads df, /proc/modules, the kernel and vzlist of one node. Never throws: a failure is the reason. */
export async function fetchNodeProbe(deps: MigrationDeps, node: NodeRow): Promise<ProbeOutcome> {
  try {
    const target = await resolveSshTarget(node, deps);
    const token = newSectionToken();
    const r = await deps.ssh.exec(nodePoolKey(node.id), target, buildMigrationProbe(token), deps.commandTimeoutMs);
    if (r.code !== 0) return { probe: null, error: `probe exited with ${r.code}: ${r.stderr.trim().slice(0, 200)}` };
    return { probe: parseNodeProbe(r.stdoutBytes, token), error: null };
  } catch (err) {
    return { probe: null, error: err instanceof Error ? err.message : String(err) };
  }
}

/** `vzmigrate --check-only` on the source: can it SSH to the target (and the script's own checks). */
export async function runCheckOnly(deps: MigrationDeps, src: NodeRow, dst: NodeRow, ctId: string, online: boolean): Promise<{ code: number | null; error: string | null }> {
  const target = await resolveSshTarget(src, deps);
  const cmd = buildVzmigrate({ targetHost: dst.host, targetPort: dst.port, ctId, online, checkOnly: true });
  const r = await deps.ssh.exec(nodePoolKey(src.id), target, cmd, Math.max(deps.commandTimeoutMs, 30_000));
  const text = `${r.stdout}${r.stderr}`;
  return { code: r.code, error: text.trim() ? parseVzmigrateLog(text).error : null };
}

/**
 * Polls a node that has no snapshot (a move just cleared it, or vzfleet just started) and waits for
 * it, at most `waitMs`: a slow node then counts as unreachable, as before, instead of holding up the plan.
 */
async function awaitSnapshot(deps: MigrationDeps, nodeId: number, waitMs: number): Promise<void> {
  if (!deps.collectNow || !deps.latest || deps.latest.has(nodeId)) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => { timer = setTimeout(resolve, waitMs); });
  try {
    await Promise.race([deps.collectNow(nodeId).catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every node's figures and a fresh probe: the planner's input. */
export async function gatherPlanState(deps: MigrationDeps): Promise<{ nodes: PlanNode[]; cts: PlanCt[]; rows: NodeRow[]; probes: Map<number, ProbeOutcome> }> {
  const rows = await listNodes(deps.db);
  const maintenance = await findMaintenance(deps.db);
  const capacities = await findRecordedCapacities(deps.db);
  const probes = new Map<number, ProbeOutcome>();
  await Promise.all(rows.map(async (n) => {
    if (!n.hostKeyFingerprint) return probes.set(n.id, { probe: null, error: 'host key not accepted' });
    const [probe] = await Promise.all([fetchNodeProbe(deps, n), awaitSnapshot(deps, n.id, deps.commandTimeoutMs)]);
    return probes.set(n.id, probe);
  }));
  const facts: NodeFacts[] = rows.map((n) => ({
    id: n.id,
    name: n.name,
    snapshot: deps.latest?.get(n.id)?.snapshot ?? null,
    probe: probes.get(n.id)?.probe ?? null,
    maintenance: maintenance.has(n.id),
    capacity: capacities.get(n.id) ?? null,
  }));
  return { ...buildPlanState(facts), rows, probes };
}

function findCt(state: { cts: PlanCt[] }, ctId: string, nodeId: number): PlanCt {
  // A CT the collector has not seen in detail still has a place (figures 0) so it can be checked.
  return state.cts.find((c) => c.ctId === ctId && c.nodeId === nodeId) ?? { ctId, nodeId, running: true, memBytes: 0, memHeldBytes: 0, memPeakBytes: 0, cpuunits: 0, diskKb: 0 };
}

/** Target nodes for one CT, best first, with before/after figures. */
export async function computeTargets(deps: MigrationDeps, input: { ctId: string; nodeId: number; online: boolean }): Promise<TargetFit[]> {
  const state = await gatherPlanState(deps);
  return rankTargets(findCt(state, input.ctId, input.nodeId), state.nodes, computePlacementLimits(state.nodes, deps.thresholds), { online: input.online });
}

export interface PrecheckResult {
  checks: Precheck[];
  passed: boolean;
  fit: TargetFit;
}

export type PlanState = Awaited<ReturnType<typeof gatherPlanState>>;

/** `state`: a fleet gathered once for many moves (a plan's approval) instead of once per move. */
export async function runPrechecks(deps: MigrationDeps, input: { ctId: string; sourceNodeId: number; targetNodeId: number; online: boolean }, gathered?: PlanState): Promise<PrecheckResult> {
  const [src, dst] = [await findNode(deps.db, input.sourceNodeId), await findNode(deps.db, input.targetNodeId)];
  const state = gathered ?? (await gatherPlanState(deps));
  const ct = findCt(state, input.ctId, src.id);
  const srcPlan = state.nodes.find((n) => n.id === src.id)!;
  const dstPlan = state.nodes.find((n) => n.id === dst.id)!;
  const fit = scoreFit(ct, srcPlan, dstPlan, computePlacementLimits(state.nodes, deps.thresholds), { online: input.online });
  const sp = state.probes.get(src.id)!;
  const dp = state.probes.get(dst.id)!;
  // OpenVZ 7 sources migrate with prlctl: no vzmigrate --check-only there, an ssh reach check instead.
  const vz7 = probeGeneration(sp.probe) === 'vz7';
  const bothAnswered = Boolean(sp.probe && dp.probe);
  const checkOnly = bothAnswered && !vz7 ? await runCheckOnly(deps, src, dst, input.ctId, input.online).catch((e: unknown) => ({ code: null, error: e instanceof Error ? e.message : String(e) })) : null;
  const reach = bothAnswered && vz7 ? await runSshReach(deps, src, dst) : null;
  const active = await findActiveJobForCt(deps.db, input.ctId);
  const shared = evaluatePrechecks(
    {
      ctId: input.ctId,
      online: input.online,
      ctDiskKb: ct.diskKb,
      source: { name: src.name, probe: sp.probe, error: sp.error },
      target: { name: dst.name, probe: dp.probe, error: dp.error },
      checkOnly,
      fit,
      activeJobId: active?.id ?? null,
    },
    fit.limits,
  );
  const checks = !vz7 ? shared : applyVz7Prechecks(shared, {
    ctId: input.ctId, online: input.online, sourceName: src.name, targetName: dst.name,
    targetGeneration: probeGeneration(dp.probe), reach, ctStatus: sp.probe?.cts.get(input.ctId) ?? null,
  });
  return { checks, passed: checks.every((c) => c.ok), fit };
}
