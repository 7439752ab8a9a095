import type { CtQuota } from '../collector/packed-snapshot';
import type { BeancounterBlock } from '../openvz/beancounters';
import { computeNodeMemoryCommitment, computeNodeMemoryTotals } from '../openvz/formulas/memory-commitment';
import { MetricFamily, renderFamilies } from './exposition-text';

/** One node's newest snapshot, as the per-node scrape (`/api/metrics?node=`) exports it. */
export interface NodeDetailInput {
  name: string;
  memTotalKb: number | null;
  swapTotalKb: number | null;
  lowTotalKb: number | null;
  blocks: readonly BeancounterBlock[];
  quotas: readonly CtQuota[];
  runningCtIds: ReadonlySet<string>;
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
const inf = (v: number | null) => (v === null ? Infinity : v);

/**
 * Per-CT series of one node (~1,200 beancounters × 5 at 60 CTs): the detail a default scrape of the
 * whole fleet leaves out. Unlimited barriers/limits are +Inf, what Prometheus uses for "no bound".
 */
export function renderNodeDetail(n: NodeDetailInput): string {
  const f = (name: string, help: string) => new MetricFamily(name, help);
  const held = f('openvz_beancounter_held', 'Current usage of a beancounter (pages, bytes or count, see resource).');
  const maxheld = f('openvz_beancounter_maxheld', 'Peak usage since the beancounter was created.');
  const barrier = f('openvz_beancounter_barrier', 'Barrier of a beancounter; +Inf when unlimited.');
  const limit = f('openvz_beancounter_limit', 'Limit of a beancounter; +Inf when unlimited.');
  const failcnt = f('openvz_beancounter_failcnt', 'Refused allocations since the beancounter was created (resets on CT restart).');
  const ctCommit = f('openvz_container_memory_ratio', 'vzmemcheck figures of one container as a fraction of the node (column: alloc_commit, alloc_util, ...).');
  const quota = f('openvz_quota_usage', 'First-level disk quota usage of a CT (resource: blocks in KiB, inodes).');
  const quotaSoft = f('openvz_quota_softlimit', 'Disk quota soft limit of a CT (only when limited).');
  const quotaHard = f('openvz_quota_hardlimit', 'Disk quota hard limit of a CT (only when limited).');
  const node = n.name;

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
  if (n.memTotalKb) {
    const totals = computeNodeMemoryTotals({ memTotalKb: n.memTotalKb, swapTotalKb: n.swapTotalKb, lowTotalKb: n.lowTotalKb });
    for (const ct of computeNodeMemoryCommitment(n.blocks, totals, n.runningCtIds).containers) {
      for (const column of ['allocCommit', 'allocUtil', 'ramUtil', 'memswapCommit', 'lowmemCommit'] as const) {
        const v = ct[column];
        if (v !== null) ctCommit.set({ node, ctid: ct.ctId, column: snake(column) }, v);
      }
    }
  }
  for (const q of n.quotas) {
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
  return renderFamilies([held, maxheld, barrier, limit, failcnt, ctCommit, quota, quotaSoft, quotaHard]);
}
