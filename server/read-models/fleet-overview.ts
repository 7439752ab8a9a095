import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { intArrayLiteral, selectRows } from '../../db/sql-rows';
import { computeNodeStatus, type NodeFigures, type NodeStatus } from '../openvz/verdict/node-status';
import { effectivePollIntervalMs } from '../openvz/verdict/staleness';
import { DEFAULT_VERDICT_THRESHOLDS, type VerdictThresholds } from '../openvz/verdict/thresholds';
import { findLatestSnapshots } from './latest-snapshots';
import { DEFAULT_POLL_INTERVAL_MS } from '../../vocabulary/poll-interval';
import { findCtCounts, findFailureCounts, NO_FAILURES, type FailureCounts } from './node-figures';

export interface FleetReadOptions {
  /** The fleet default poll interval (VZFLEET_POLL_INTERVAL_S): staleness counts missed polls. */
  defaultPollIntervalMs?: number;
}

export interface FleetNodeRow {
  id: number;
  name: string;
  location: string;
  tags: string[];
  health: string;
  healthSinceMs: number | null;
  lastErrorText: string | null;
  lastErrorLine: string | null;
  /** When the newest snapshot was taken (epoch ms); null = never. */
  collectedAtMs: number | null;
  /** The node's poll interval: its own (nodes.poll_interval_s) or the fleet default. */
  pollIntervalMs: number;
  cts: { running: number; total: number };
  /**
   * Fractions of RAM + swap. `commitment` is vzmemcheck's alloc commit, or vzoversell's RAM + swap
   * on VSwap nodes (`model` says which); alloc util and memswap util are vzmemcheck's Summary.
   */
  memory: { model: 'vzmemcheck' | 'vzoversell'; commitment: number; allocCommit: number; allocUtil: number; memswapUtil: number; oversell: number | null; commitExcluded: number } | null;
  /** vzcpucheck: Σ cpuunits of running CTs / node power. */
  cpu: { committed: number; utilization: number; nodePower: number } | null;
  disk: { usedKb: number; hardKb: number; share: number | null } | null;
  failures: FailureCounts;
  status: Pick<NodeStatus, 'level' | 'headline' | 'reasons' | 'stale' | 'staleAfterMs' | 'severity'>;
}

export interface FleetOverview {
  nowMs: number;
  nodes: FleetNodeRow[];
}

/**
 * Every node's summary for the overview and the wall screen, in a fixed number of queries
 * whatever the fleet's size: nodes, latest snapshots (with the collector's figures), CT counts, failures.
 */
export async function listFleetOverview(
  db: Db,
  now: Date,
  opts: FleetReadOptions & { nodeIds?: number[]; thresholds?: VerdictThresholds } = {},
): Promise<FleetOverview> {
  const thresholds = opts.thresholds ?? DEFAULT_VERDICT_THRESHOLDS;
  const defaultIntervalMs = opts.defaultPollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const [rows, [latest, counts], failures] = await Promise.all([
    findNodeRows(db, opts.nodeIds),
    findLatestSnapshots(db, opts.nodeIds).then(async (l) => [l, await findCtCounts(db, l)] as const),
    findFailureCounts(db, now, thresholds.recentMs, opts.nodeIds),
  ]);
  const out = rows.map((r): FleetNodeRow => {
    const node = { id: r.id, name: r.name, location: r.location, tags: r.tags, pollIntervalS: r.poll_interval_s };
    const poll = r.health === null ? null : { health: r.health, healthSince: r.health_since_ms === null ? null : new Date(Number(r.health_since_ms)), lastErrorText: r.last_error_text, lastErrorLine: r.last_error_line };
    const snap = latest.get(node.id);
    // Computed once per poll by the collector (node-summary.ts), not summed here per request.
    const mem = snap?.summary?.memory ?? null;
    const cpu = snap?.cpu && snap.cpu.nodePower > 0 ? { committed: snap.cpu.currentUtilization / snap.cpu.nodePower, utilization: snap.cpu.currentUtilization, nodePower: snap.cpu.nodePower } : null;
    const d = snap?.summary?.disk ?? null;
    const f = failures.get(node.id) ?? NO_FAILURES;
    const health = poll?.health ?? 'never-polled';
    const pollIntervalMs = effectivePollIntervalMs(node.pollIntervalS, defaultIntervalMs);
    const status = computeNodeStatus(
      {
        name: node.name,
        health,
        healthSince: poll?.healthSince ?? null,
        lastErrorText: poll?.lastErrorText ?? null,
        collectedAt: snap ? new Date(snap.collectedAtMs) : null,
        pollIntervalMs,
        figures: nodeFiguresOf(mem, cpu, d),
      },
      f,
      now,
      thresholds,
    );
    return {
      id: node.id,
      name: node.name,
      location: node.location,
      tags: node.tags,
      health,
      healthSinceMs: poll?.healthSince?.getTime() ?? null,
      lastErrorText: poll?.lastErrorText ?? null,
      lastErrorLine: poll?.lastErrorLine ?? null,
      collectedAtMs: snap?.collectedAtMs ?? null,
      pollIntervalMs,
      cts: counts.get(node.id) ?? { running: 0, total: 0 },
      memory: mem
        ? { model: mem.model, commitment: r4(mem.commitment), allocCommit: r4(mem.allocCommit), allocUtil: r4(mem.allocUtil), memswapUtil: r4(mem.memswapUtil), oversell: mem.oversell === null ? null : r4(mem.oversell), commitExcluded: mem.commitExcluded }
        : null,
      cpu: cpu ? { ...cpu, committed: r4(cpu.committed) } : null,
      disk: d ? { ...d, share: d.share === null ? null : r4(d.share) } : null,
      failures: f,
      status: { level: status.level, headline: status.headline, reasons: status.reasons, stale: status.stale, staleAfterMs: status.staleAfterMs, severity: status.severity },
    };
  });
  return { nowMs: now.getTime(), nodes: out };
}

interface NodeRow {
  id: number;
  name: string;
  location: string;
  tags: string[];
  poll_interval_s: number | null;
  health: string | null;
  health_since_ms: number | string | null;
  last_error_text: string | null;
  last_error_line: string | null;
}

/**
 * Only the node and poll columns the rows use, in name order: the ORM's whole-row select mapped
 * ~30 columns (and six timestamps into Dates) per node, ~10 ms of each call at 1000 nodes.
 */
function findNodeRows(db: Db, nodeIds?: readonly number[]): Promise<NodeRow[]> {
  const which = nodeIds ? sql`where n.id = any(${intArrayLiteral(nodeIds)}::int[])` : sql``;
  return selectRows<NodeRow>(
    db,
    sql`select n.id, n.name, n.location, n.tags, n.poll_interval_s, p.health,
          extract(epoch from p.health_since) * 1000 as health_since_ms, p.last_error_text, p.last_error_line
        from nodes n left join node_poll_state p on p.node_id = n.id
        ${which}
        order by n.name`,
  );
}

/** Fractions to 0.01 %: the pages show at most one decimal of a percentage; 1000 rows stay small. */
const r4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** The verdict's view of a node's figures, from the overview row's parts. */
export function nodeFiguresOf(
  mem: { model: 'vzmemcheck' | 'vzoversell'; commitment: number; memswapUtil: number } | null,
  cpu: { committed: number } | null,
  disk: { share: number | null } | null,
): NodeFigures {
  return {
    memoryCommit: mem?.commitment ?? null,
    memoryInUse: mem?.memswapUtil ?? null,
    memorySource: mem?.model,
    cpuCommitted: cpu?.committed ?? null,
    diskUsed: disk?.share ?? null,
  };
}
