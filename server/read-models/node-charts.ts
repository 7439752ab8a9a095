import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { containers } from '../../db/schema';
import type { BeancounterBlock } from '../openvz/beancounters';
import { computeCpuGuarantees } from '../openvz/formulas/cpu-guarantee';
import { computeNodeMemoryCommitment, computeNodeMemoryTotals } from '../openvz/formulas/memory-commitment';
import { computeNodeOversell } from '../openvz/formulas/vswap';
import type { MemoryModel } from '../../db/stored-shapes';
import { findLatestSnapshots, findSnapshotContents } from './latest-snapshots';

/**
 * The node page's two charts from its latest snapshot, computed with the pure formulas: per CT
 * memory (vzmemcheck's alloc columns) and CPU guarantees (vzcpucheck), as fractions of the node.
 */

/**
 * One CT's memory as fractions of the node's RAM + swap. With vzmemcheck: used = alloc util,
 * promised = alloc commit, limit = alloc limit. With vzoversell (VSwap nodes, where alloc commit
 * is unlimited): used = memswap util (RAM + swap in use), promised = RAM + swap limits, no limit.
 * null = unlimited.
 */
export interface MemoryChartRow {
  ctId: string;
  hostname: string | null;
  used: number;
  promised: number | null;
  limit: number | null;
  /** The CT lacks rows vzmemcheck needs: its figures are 0, as the tool prints them. */
  incomplete: boolean;
}

export interface CpuChartRow {
  ctId: string;
  hostname: string | null;
  cpuunits: number;
  /** cpuunits / node power. */
  guaranteedShare: number;
  /** % of ONE CPU; null = no limit. */
  cpulimitPercent: number | null;
}

export async function findNodeCharts(db: Db, nodeId: number) {
  const latest = (await findLatestSnapshots(db, [nodeId])).get(nodeId);
  if (!latest) return { collectedAtMs: null, memory: null, cpu: null };
  const [contents, cts] = await Promise.all([
    findSnapshotContents(db, [latest.snapshotId]),
    db
      .select({ ctId: containers.ctId, hostname: containers.hostname, status: containers.status, cpuunits: containers.cpuunits, cpulimit: containers.cpulimit })
      .from(containers)
      .where(and(eq(containers.nodeId, nodeId), eq(containers.present, true))),
  ]);
  const byCt = new Map(cts.map((c) => [c.ctId, c]));
  const running = cts.filter((c) => c.status === 'running');
  const blocks = new Map<string, BeancounterBlock>((contents.get(latest.snapshotId)?.blocks ?? []).map((b) => [b.ctId, b]));

  let memory = null;
  if (latest.memTotalKb !== null && latest.memTotalKb > 0) {
    const runningIds = new Set(running.map((c) => c.ctId));
    const totals = computeNodeMemoryTotals({ memTotalKb: latest.memTotalKb, swapTotalKb: latest.swapTotalKb, lowTotalKb: latest.lowTotalKb });
    const mc = computeNodeMemoryCommitment([...blocks.values()], totals, runningIds);
    const os = computeNodeOversell([...blocks.values()], { memTotalKb: latest.memTotalKb, swapTotalKb: latest.swapTotalKb ?? 0 }, runningIds);
    const excluded = mc.summary.excluded.allocCommit.length;
    const model: MemoryModel = mc.containers.length > 0 && excluded * 2 > mc.containers.length && os.ramSwapOversell !== null ? 'vzoversell' : 'vzmemcheck';
    const available = os.ramPages + os.swapPages;
    const osBy = new Map(os.containers.map((c) => [c.ctId, c]));
    const rows: MemoryChartRow[] = mc.containers.map((c) => {
      const o = osBy.get(c.ctId);
      const base = { ctId: c.ctId, hostname: byCt.get(c.ctId)?.hostname ?? null, incomplete: c.missing.length > 0 };
      if (model === 'vzmemcheck') return { ...base, used: c.allocUtil, promised: c.allocCommit, limit: c.allocLimit };
      const promised = !o || o.ramLimitPages === null || available <= 0 ? null : (o.ramLimitPages + o.swapLimitPages) / available;
      return { ...base, used: c.memswapUtil, promised, limit: null };
    });
    rows.sort((a, b) => (b.promised ?? -1) - (a.promised ?? -1) || b.used - a.used);
    memory = {
      model,
      ramSwapBytes: totals.ramSwapBytes,
      containers: rows,
      summary:
        model === 'vzmemcheck'
          ? { used: mc.summary.allocUtil, promised: mc.summary.allocCommit, limit: mc.summary.allocLimit as number | null, excluded: mc.summary.excluded.allocCommit }
          : { used: mc.summary.memswapUtil, promised: os.ramSwapOversell!, limit: null, excluded: os.containers.filter((c) => c.ram === 'unlimited').map((c) => c.ctId) },
    };
  }

  let cpu = null;
  if (latest.cpu && latest.cpu.nodePower > 0) {
    const settings = running.filter((c) => c.cpuunits !== null).map((c) => ({ ctId: c.ctId, cpuunits: c.cpuunits!, cpulimit: c.cpulimit }));
    const g = computeCpuGuarantees(settings, latest.cpu.nodePower, 1);
    const rows: CpuChartRow[] = g.containers.map((c) => ({
      ctId: c.ctId,
      hostname: byCt.get(c.ctId)?.hostname ?? null,
      cpuunits: c.cpuunits,
      guaranteedShare: c.guaranteedShare,
      cpulimitPercent: c.cpulimitPercent,
    }));
    // vzcpucheck's utilization counts CT0 (the node itself) too; show its weight as its own bar.
    const ct0Units = latest.cpu.currentUtilization - g.utilization;
    if (ct0Units > 0) rows.push({ ctId: '0', hostname: null, cpuunits: ct0Units, guaranteedShare: ct0Units / latest.cpu.nodePower, cpulimitPercent: null });
    rows.sort((a, b) => b.guaranteedShare - a.guaranteedShare || a.ctId.localeCompare(b.ctId, 'en', { numeric: true }));
    cpu = {
      nodePower: latest.cpu.nodePower,
      utilization: latest.cpu.currentUtilization,
      committed: latest.cpu.currentUtilization / latest.cpu.nodePower,
      containers: rows,
    };
  }
  return { collectedAtMs: latest.collectedAtMs, memory, cpu };
}
export type NodeCharts = Awaited<ReturnType<typeof findNodeCharts>>;
