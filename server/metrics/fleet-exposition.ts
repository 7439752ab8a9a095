import { NODE_HEALTH } from '../../vocabulary/node-health';
import { WRAPPER_REFUSALS } from '../../vocabulary/wrapper-refusal';
import { MetricFamily, renderFamilies } from './exposition-text';
import type { FleetMetricsNode } from './fleet-data';

/**
 * The default scrape: node-level and fleet-level series only (~50 per node), so 1000 nodes are one
 * ordinary target. Per-CT beancounters are in the per-node scrape (node-exposition.ts).
 */
export function renderFleetMetrics(fleet: readonly FleetMetricsNode[], now: Date, opts: { pollIntervalMs: number }): string {
  const f = (name: string, help: string, type: 'gauge' | 'counter' = 'gauge') => new MetricFamily(name, help, type);
  const nodesF = f('vzfleet_nodes', 'Nodes in the inventory.');
  const byHealth = f('vzfleet_fleet_nodes_by_health', 'Nodes of the fleet in each health state.');
  const fleetFailing = f('vzfleet_fleet_cts_failing', 'Containers of the whole fleet whose failcnt rose in the recent window.');
  const up = f('vzfleet_node_up', '1 when the last poll of the node succeeded.');
  const health = f('vzfleet_node_health', "1 for the node's current health state.");
  const duration = f('vzfleet_poll_duration_seconds', 'Duration of the last poll of the node.');
  const age = f('vzfleet_data_age_seconds', "Seconds since the node's last successful poll (when the exposition was built).");
  const lastSuccess = f('vzfleet_node_last_success_timestamp_seconds', "Unix time of the node's last successful poll.");
  const lastAttempt = f('vzfleet_node_last_attempt_timestamp_seconds', "Unix time of the node's last poll attempt, successful or not.");
  const healthSince = f('vzfleet_node_health_since_timestamp_seconds', 'Unix time since which the node has had its current health state.');
  const interval = f('vzfleet_node_poll_interval_seconds', 'Seconds between polls of the node (its own setting or the fleet default).');
  const migFailed = f('vzfleet_migrations_failed', 'Failed migration jobs recorded with this node as the source.');
  const cts = f('vzfleet_node_containers', 'Containers on the node (state: running, all).');
  const failing = f('vzfleet_node_cts_failing', "Containers of the node whose failcnt rose in the recent window (the overview's failing now).");
  const refused = f('vzfleet_failcnt_refusals_total', "Allocations refused (failcnt increases) on the node's containers since vzfleet recorded them, by resource.", 'counter');
  const olderWrappers = f('vzfleet_fleet_nodes_wrapper_refusing', "Nodes whose collector wrapper, from an older vzfleet, refused this way of reading them on the last answered poll (refused: collect-loop, squeezed-scripts).");
  const memory = f('openvz_node_memory_ratio', 'vzmemcheck Summary figures of a node as a fraction (column: alloc_commit, alloc_util, memswap_util; oversell on VSwap nodes).');
  const cpuUtil = f('openvz_node_cpu_units_committed', 'Sum of cpuunits of running containers incl. CT0 (vzcpucheck "Current CPU utilization").');
  const power = f('openvz_node_power_cpuunits', 'Power of the node in cpuunits (vzcpucheck).');

  // Always present, even for an empty inventory: a scrape that says "zero nodes" is not an empty scrape.
  nodesF.set({}, fleet.length);
  const states = new Map<string, number>(NODE_HEALTH.map((s) => [s, 0]));
  const refusing = new Map<string, number>(WRAPPER_REFUSALS.map((r) => [r, 0]));
  let failingTotal = 0;
  for (const n of fleet) {
    const node = n.name;
    const state = n.poll?.health ?? 'never-polled';
    states.set(state, (states.get(state) ?? 0) + 1);
    failingTotal += n.ctsFailing;
    for (const r of n.wrapperRefused) refusing.set(r, (refusing.get(r) ?? 0) + 1);
    up.set({ node }, state === 'ok' || state === 'degraded' ? 1 : 0);
    for (const s of NODE_HEALTH) health.set({ node, state: s }, s === state ? 1 : 0);
    if (n.poll?.lastDurationMs != null) duration.set({ node }, n.poll.lastDurationMs / 1000);
    if (n.poll?.lastSuccessAt) {
      age.set({ node }, Math.max(0, (now.getTime() - n.poll.lastSuccessAt.getTime()) / 1000));
      lastSuccess.set({ node }, n.poll.lastSuccessAt.getTime() / 1000);
    }
    if (n.poll?.lastAttemptAt) lastAttempt.set({ node }, n.poll.lastAttemptAt.getTime() / 1000);
    if (n.poll) healthSince.set({ node }, n.poll.healthSince.getTime() / 1000);
    interval.set({ node }, n.pollIntervalS ?? opts.pollIntervalMs / 1000);
    migFailed.set({ node }, n.migrationsFailed);
    cts.set({ node, state: 'running' }, n.cts.running);
    cts.set({ node, state: 'all' }, n.cts.total);
    failing.set({ node }, n.ctsFailing);
    for (const [resource, v] of [...n.failcnt].sort(([a], [b]) => a.localeCompare(b))) refused.set({ node, resource }, v);
    if (n.memory) {
      memory.set({ node, column: 'alloc_commit' }, n.memory.allocCommit);
      memory.set({ node, column: 'alloc_util' }, n.memory.allocUtil);
      memory.set({ node, column: 'memswap_util' }, n.memory.memswapUtil);
      if (n.memory.oversell !== null) memory.set({ node, column: 'oversell' }, n.memory.oversell);
    }
    if (n.cpu) {
      cpuUtil.set({ node }, n.cpu.currentUtilization);
      power.set({ node }, n.cpu.nodePower);
    }
  }
  for (const [state, count] of states) byHealth.set({ state }, count);
  fleetFailing.set({}, failingTotal);
  for (const [refused, count] of refusing) olderWrappers.set({ refused }, count);
  return renderFamilies([nodesF, byHealth, fleetFailing, olderWrappers, up, health, duration, age, lastSuccess, lastAttempt, healthSince, interval, migFailed, cts, failing, refused, memory, cpuUtil, power]);
}
