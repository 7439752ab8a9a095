import type { Db } from '../../db/client';
import { buildProbe } from '../ssh/commands';
import { printable } from '../ssh/split-sections';
import type { SshTarget } from '../ssh/connection';
import { buildLimitSet } from '../ssh/limit-commands';
import { nodePoolKey, type SshPool } from '../ssh/pool';
import type { HistoryTier } from '../history/tiers';
import { observedValue, valueOfChange } from '../openvz/limits/observe';
import type { LimitChange, NodeFacts } from '../openvz/limits/params';
import { validateLimitChange } from '../openvz/limits/rules';
import { suggestLimitRaises, type LimitSuggestion } from '../openvz/limits/suggest';
import { computeLimitWhatIf, type WhatIf } from '../openvz/limits/what-if';
import { gatherLimitContext, type LimitContext } from './context';
import { LimitRefusedByNodeError, LimitRejectedError } from './errors';
import { insertLimitChange, updateLimitChange } from '../limit-changes/store';

/** Reading a what-if, suggesting a raise, applying a change: the limits feature's three entry points. */

export interface LimitReadDeps {
  db: Db;
  clock: () => Date;
  historyTiers?: readonly HistoryTier[];
}

export interface LimitApplyDeps extends LimitReadDeps {
  ssh: SshPool;
  commandTimeoutMs: number;
  /** The node's SSH target (the collector's resolveSshTarget, passed in: limits does not depend on the collector). */
  target: (nodeId: number) => Promise<SshTarget>;
  /** Poll the node now, so the page shows the new value without waiting a whole interval. */
  refreshNode?: (nodeId: number) => void;
}

function whatIfOf(ctx: LimitContext, change: LimitChange, facts: NodeFacts = ctx.facts): WhatIf {
  const res = 'barrier' in change ? change.param : 'bytes' in change ? (change.param === 'ram' ? 'physpages' : 'swappages') : null;
  const recent = res ? ctx.recent[res] : undefined;
  const held = res ? ctx.rows.find((r) => r.resource === res)?.held : undefined;
  const peak = recent?.maxheld ?? held ?? null;
  return computeLimitWhatIf({
    ctId: ctx.ctId, change, current: ctx.current, node: facts, blocks: ctx.blocks, runningCtIds: ctx.runningCtIds, memory: ctx.memory, cpu: ctx.cpu,
    recentMaxheld: peak === null ? null : Math.max(peak, held ?? 0), recentRefusals: recent?.refusals ?? 0,
  });
}

export async function readLimitWhatIf(deps: LimitReadDeps, input: { nodeId: number; ctId: string; change: LimitChange }) {
  const ctx = await gatherLimitContext(deps.db, input.nodeId, input.ctId, deps.clock(), deps.historyTiers);
  return { generation: ctx.facts.generation, vswap: ctx.facts.vswap, collectedAt: ctx.collectedAt, whatIf: whatIfOf(ctx, input.change) };
}

export interface LimitSuggestionView extends LimitSuggestion {
  whatIf: WhatIf;
}

/** The raises the CT's recent history calls for, each with what it costs the node. */
export async function readLimitSuggestions(deps: LimitReadDeps, input: { nodeId: number; ctId: string }) {
  const ctx = await gatherLimitContext(deps.db, input.nodeId, input.ctId, deps.clock(), deps.historyTiers);
  const suggestions: LimitSuggestionView[] = ctx.status === 'running' ? suggestLimitRaises(ctx.rows, ctx.recent, { vswap: ctx.facts.vswap }).map((s) => ({ ...s, whatIf: whatIfOf(ctx, s.change) })) : [];
  return { collectedAt: ctx.collectedAt, vswap: ctx.facts.vswap, current: ctx.current, suggestions };
}

/** 2.6.32-042stab… is legacy; 3.10.0-…vz7… is OpenVZ 7 (prlctl, memory by --ram). */
export function generationOfKernel(kernel: string): NodeFacts['generation'] {
  return /\.vz7\./.test(kernel) ? 'vz7' : 'legacy';
}

/** What a node prints back is bounded before it is stored or shown. */
const bounded = (text: string) => printable(text.slice(0, 2000));

/**
 * Validate, send, record. Refused by a rule → nothing is sent (LimitRejectedError). Refused by the
 * node → a `failed` row with the tool's message (LimitRefusedByNodeError). Accepted → a `pending`
 * row the next poll settles (server/limits/reconcile.ts).
 */
export async function applyLimitChange(deps: LimitApplyDeps, input: { nodeId: number; ctId: string; change: LimitChange }, actorLabel: string) {
  const ctx = await gatherLimitContext(deps.db, input.nodeId, input.ctId, deps.clock(), deps.historyTiers);
  const target = await deps.target(input.nodeId);
  const key = nodePoolKey(input.nodeId);
  // Which tools the node has decides the command and a rule (OpenVZ 7 sets memory by --ram).
  const probe = await deps.ssh.exec(key, target, buildProbe(), deps.commandTimeoutMs);
  const facts: NodeFacts = { ...ctx.facts, generation: probe.code === 0 ? generationOfKernel(probe.stdout.trim()) : ctx.facts.generation };
  const check = validateLimitChange(ctx.current, input.change, facts);
  if (!check.ok) throw new LimitRejectedError(check.findings.filter((f) => f.blocking));
  const command = buildLimitSet({ generation: facts.generation, ctId: input.ctId, change: input.change });
  const observed = { ubc: ctx.rows, cpuunits: ctx.current.cpuunits, cpulimit: ctx.current.cpulimit, diskspace: ctx.current.diskspace, diskinodes: ctx.current.diskinodes };
  const row = await insertLimitChange(deps.db, {
    nodeId: input.nodeId, ctId: input.ctId, param: input.change.param, before: observedValue(input.change.param, observed) ?? null, after: valueOfChange(input.change),
    source: 'vzfleet', status: 'pending', actorLabel, command, at: deps.clock(),
  });
  const r = await deps.ssh.exec(key, target, command, deps.commandTimeoutMs);
  const output = bounded(`${r.stdout}${r.stderr}`.trim());
  if (r.code !== 0) {
    await updateLimitChange(deps.db, row.id, { status: 'failed', message: output, settledAt: deps.clock() });
    throw new LimitRefusedByNodeError(r.code, output);
  }
  // cpus and ioprio are not collected: the tool's yes is all there will be.
  const readBack = input.change.param !== 'cpus' && input.change.param !== 'ioprio';
  await updateLimitChange(deps.db, row.id, { status: readBack ? 'pending' : 'applied', message: output, appliedAt: deps.clock(), settledAt: readBack ? null : deps.clock() });
  deps.refreshNode?.(input.nodeId);
  return { changeId: row.id, status: readBack ? ('pending' as const) : ('applied' as const), command, output };
}
