import { Gauge, Registry } from 'prom-client';
import { NODE_HEALTH } from '../../vocabulary/node-health';
import type { LatestNodeData } from '../read-models/latest-fleet';
import { computeNodeMemoryCommitment, computeNodeMemoryTotals } from '../openvz/formulas/memory-commitment';

/**
 * Builds the Prometheus exposition of the fleet's latest figures. Unlimited barriers/limits are
 * exported as +Inf, which is what Prometheus itself uses for "no bound".
 */
export interface ExpositionExtras {
  /** Failed migration jobs ever recorded, by source node name (the Prometheus rule alerts on an increase). */
  failedMigrations?: ReadonlyMap<string, number>;
  /** The fleet's default poll interval, so rules can say "after 3 intervals" without hard-coding it. */
  pollIntervalMs?: number;
}

export async function renderMetrics(fleet: readonly LatestNodeData[], now: Date, extras: ExpositionExtras = {}): Promise<{ contentType: string; body: string }> {
  const registry = new Registry();
  const g = (name: string, help: string, labelNames: readonly string[]) => new Gauge({ name, help, labelNames, registers: [registry] });

  const held = g('openvz_beancounter_held', 'Current usage of a beancounter (pages, bytes or count, see resource).', ['node', 'ctid', 'resource']);
  const maxheld = g('openvz_beancounter_maxheld', 'Peak usage since the beancounter was created.', ['node', 'ctid', 'resource']);
  const barrier = g('openvz_beancounter_barrier', 'Barrier of a beancounter; +Inf when unlimited.', ['node', 'ctid', 'resource']);
  const limit = g('openvz_beancounter_limit', 'Limit of a beancounter; +Inf when unlimited.', ['node', 'ctid', 'resource']);
  const failcnt = g('openvz_beancounter_failcnt', 'Refused allocations since the beancounter was created (resets on CT restart).', ['node', 'ctid', 'resource']);
  const ctCommit = g('openvz_container_memory_ratio', 'vzmemcheck figures of one container as a fraction of the node (column: alloc_commit, alloc_util, ...).', ['node', 'ctid', 'column']);
  const nodeCommit = g('openvz_node_memory_ratio', 'vzmemcheck Summary figures of a node as a fraction (column: alloc_commit, alloc_util, ...).', ['node', 'column']);
  const cpuUtil = g('openvz_node_cpu_units_committed', 'Sum of cpuunits of running containers incl. CT0 (vzcpucheck "Current CPU utilization").', ['node']);
  const power = g('openvz_node_power_cpuunits', 'Power of the node in cpuunits (vzcpucheck).', ['node']);
  const up = g('vzfleet_node_up', '1 when the last poll of the node succeeded.', ['node']);
  const health = g('vzfleet_node_health', '1 for the node\'s current health state.', ['node', 'state']);
  const duration = g('vzfleet_poll_duration_seconds', 'Duration of the last poll of the node.', ['node']);
  const age = g('vzfleet_data_age_seconds', 'Seconds since the node\'s last successful poll.', ['node']);
  // For the Prometheus rules (monitoring/): the same inputs the built-in alarm rules read.
  const lastSuccess = g('vzfleet_node_last_success_timestamp_seconds', 'Unix time of the node\'s last successful poll.', ['node']);
  const lastAttempt = g('vzfleet_node_last_attempt_timestamp_seconds', 'Unix time of the node\'s last poll attempt, successful or not.', ['node']);
  const healthSince = g('vzfleet_node_health_since_timestamp_seconds', 'Unix time since which the node has had its current health state.', ['node']);
  const quota = g('openvz_quota_usage', 'First-level disk quota usage of a CT (resource: blocks in KiB, inodes).', ['node', 'ctid', 'resource']);
  const quotaSoft = g('openvz_quota_softlimit', 'Disk quota soft limit of a CT (only when limited).', ['node', 'ctid', 'resource']);
  const quotaHard = g('openvz_quota_hardlimit', 'Disk quota hard limit of a CT (only when limited).', ['node', 'ctid', 'resource']);
  const migFailed = g('vzfleet_migrations_failed', 'Failed migration jobs recorded with this node as the source.', ['node']);
  const interval = g('vzfleet_node_poll_interval_seconds', 'Seconds between polls of the node (its own setting or the fleet default).', ['node']);

  const snake = (s: string) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
  const inf = (v: number | null) => (v === null ? Infinity : v);

  // Always present, even for an empty inventory: a scrape that says "zero nodes" is not an empty scrape.
  g('vzfleet_nodes', 'Nodes in the inventory.', []).set(fleet.length);

  for (const n of fleet) {
    const node = n.node.name;
    const state = n.poll?.health ?? 'never-polled';
    up.set({ node }, state === 'ok' || state === 'degraded' ? 1 : 0);
    for (const s of NODE_HEALTH) health.set({ node, state: s }, s === state ? 1 : 0);
    if (n.poll?.lastDurationMs != null) duration.set({ node }, n.poll.lastDurationMs / 1000);
    if (n.poll?.lastSuccessAt) {
      age.set({ node }, Math.max(0, (now.getTime() - n.poll.lastSuccessAt.getTime()) / 1000));
      lastSuccess.set({ node }, n.poll.lastSuccessAt.getTime() / 1000);
    }
    if (n.poll?.lastAttemptAt) lastAttempt.set({ node }, n.poll.lastAttemptAt.getTime() / 1000);
    if (n.poll) healthSince.set({ node }, n.poll.healthSince.getTime() / 1000);
    migFailed.set({ node }, extras.failedMigrations?.get(node) ?? 0);
    const intervalS = n.node.pollIntervalS ?? (extras.pollIntervalMs ? extras.pollIntervalMs / 1000 : null);
    if (intervalS) interval.set({ node }, intervalS);
    for (const q of n.quotas ?? []) {
      for (const [resource, usage, soft, hard] of [
        ['blocks', q.blocksUsage, q.blocksSoft, q.blocksHard],
        ['inodes', q.inodesUsage, q.inodesSoft, q.inodesHard],
      ] as const) {
        if (usage === null) continue;
        const labels = { node, ctid: q.ctId, resource };
        quota.set(labels, usage);
        if (soft !== null) quotaSoft.set(labels, soft);
        if (hard !== null) quotaHard.set(labels, hard);
      }
    }
    if (n.cpu) {
      cpuUtil.set({ node }, n.cpu.currentUtilization);
      power.set({ node }, n.cpu.nodePower);
    }
    for (const block of n.blocks) {
      for (const b of block.beancounters) {
        const labels = { node, ctid: block.ctId, resource: b.resource };
        held.set(labels, b.held);
        maxheld.set(labels, b.maxheld);
        barrier.set(labels, inf(b.barrier));
        limit.set(labels, inf(b.limit));
        failcnt.set(labels, b.failcnt);
      }
    }
    if (n.snapshot?.memTotalKb) {
      const totals = computeNodeMemoryTotals({ memTotalKb: n.snapshot.memTotalKb, swapTotalKb: n.snapshot.swapTotalKb, lowTotalKb: n.snapshot.lowTotalKb });
      const m = computeNodeMemoryCommitment(n.blocks, totals, n.runningCtIds);
      for (const ct of m.containers) {
        for (const column of ['allocCommit', 'allocUtil', 'ramUtil', 'memswapCommit', 'lowmemCommit'] as const) {
          const v = ct[column];
          if (v !== null) ctCommit.set({ node, ctid: ct.ctId, column: snake(column) }, v);
        }
      }
      for (const column of ['allocCommit', 'allocUtil', 'allocLimit', 'ramUtil', 'memswapCommit', 'memswapUtil', 'lowmemCommit', 'lowmemUtil'] as const) {
        nodeCommit.set({ node, column: snake(column) }, m.summary[column]);
      }
    }
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}
