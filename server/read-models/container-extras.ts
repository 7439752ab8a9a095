import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Beancounter } from '../openvz/beancounters';
import { computeContainerMemory, computeNodeMemoryTotals } from '../openvz/formulas/memory-commitment';
import { computeQuotaUse, type QuotaUse } from '../openvz/formulas/quota-usage';
import { selectRows } from '../../db/sql-rows';

/** What the container page shows beside the raw figures: its share of the node, quota use, recent refusals. */

export interface ContainerExtrasInput {
  nodeId: number;
  ctId: string;
  cpuunits: number | null;
  cpulimit: number | null;
  snapshot: { memTotalKb: number | null; swapTotalKb: number | null; lowTotalKb: number | null; cpu: { nodePower: number } | null } | null;
  beancounters: Beancounter[];
  quota: { blocksUsage: number | null; blocksSoft: number | null; blocksHard: number | null; inodesUsage: number | null; inodesSoft: number | null; inodesHard: number | null } | null;
}

const quotaUseOf = (usage: number | null, soft: number | null, hard: number | null): QuotaUse | null =>
  usage === null ? null : computeQuotaUse({ usage, softlimit: soft, hardlimit: hard });

export async function findContainerExtras(db: Db, input: ContainerExtrasInput, now: Date) {
  const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
  const refusalRows = await selectRows<{ resource: string; refusals: number | string; events: number }>(
    db,
    sql`select resource, sum(delta)::float8 as refusals, count(*)::int as events from failcnt_events
        where node_id = ${input.nodeId} and ct_id = ${input.ctId} and at >= ${hourAgo}::timestamptz and at <= ${now.toISOString()}::timestamptz
        group by resource`,
  );
  const snap = input.snapshot;
  const nodePower = snap?.cpu?.nodePower ?? null;
  const cpu =
    nodePower && nodePower > 0 && input.cpuunits !== null
      ? { nodePower, cpuunits: input.cpuunits, guaranteedShare: input.cpuunits / nodePower, cpulimitPercent: input.cpulimit ? input.cpulimit : null }
      : null;
  let memory = null;
  if (snap?.memTotalKb && input.beancounters.length > 0) {
    const totals = computeNodeMemoryTotals({ memTotalKb: snap.memTotalKb, swapTotalKb: snap.swapTotalKb, lowTotalKb: snap.lowTotalKb });
    const m = computeContainerMemory(input.beancounters, totals);
    if (m.missing.length === 0) memory = { allocUtil: m.allocUtil, allocCommit: m.allocCommit, allocLimit: m.allocLimit, ramSwapBytes: totals.ramSwapBytes };
  }
  const q = input.quota;
  return {
    /** Refusals per resource in the last hour (Σ delta of failcnt_events). */
    refusals1h: Object.fromEntries(refusalRows.map((r) => [r.resource, Number(r.refusals)])) as Record<string, number>,
    cpu,
    memory,
    quotaUse: q ? { blocks: quotaUseOf(q.blocksUsage, q.blocksSoft, q.blocksHard), inodes: quotaUseOf(q.inodesUsage, q.inodesSoft, q.inodesHard) } : null,
  };
}
