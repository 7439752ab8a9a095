import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { computeNodeMemoryTotals } from '../openvz/formulas/memory-commitment';
import { intArrayLiteral, selectRows, textArrayLiteral } from './sql-rows';

/**
 * vzmemcheck's Summary (alloc util, alloc commit, memswap util) and vzoversell's RAM + swap
 * oversell for many nodes at once, summed in the database so a 1000-node fleet costs one query
 * instead of shipping a million beancounter rows. The sums follow computeNodeMemoryCommitment and
 * computeNodeOversell exactly (fleet-overview.test.ts checks them against both): running CTs
 * only, CT0 skipped, a CT lacking any row vzmemcheck requires counts 0 there, and a CT with an
 * unlimited input is left out of the commit sum (and counted in `commitExcluded`). The node's
 * RAM + swap comes from the pure computeNodeMemoryTotals.
 *
 * On VSwap kernels vmguarpages is unlimited, so alloc commit says nothing; vzoversell (Σ RAM and
 * swap limits / RAM + swap) is what vzctl ships instead, and `commitment` follows it when alloc
 * commit leaves out most CTs.
 */

/** The rows vzmemcheck refuses to do without (memory-commitment.ts REQUIRED). */
const REQUIRED = [
  'numproc', 'numtcpsock', 'numothersock', 'oomguarpages', 'vmguarpages', 'kmemsize', 'tcpsndbuf', 'tcprcvbuf',
  'othersockbuf', 'dgramrcvbuf', 'privvmpages', 'numfile', 'dcachesize', 'physpages', 'numpty',
];
/** Kernel memory and socket buffers (memory-commitment.ts NET). */
const NET = ['kmemsize', 'tcprcvbuf', 'tcpsndbuf', 'dgramrcvbuf', 'othersockbuf'];
const PAGE = 4096;

export interface MemorySums {
  /** Σ (privvmpages.held × 4096 + kernel/socket held) over running CTs, bytes. */
  allocUtilBytes: number;
  /** Σ (vmguarpages.barrier × 4096 + kernel/socket limits) over running CTs with finite inputs, bytes. */
  allocCommitBytes: number;
  /** Σ (oomguarpages.held × 4096 + kernel/socket held): RAM + swap in use, bytes. */
  memswapUtilBytes: number;
  commitExcluded: number;
  /** Running CTs counted (CT0 excluded). */
  counted: number;
  /** vzoversell: Σ RAM limit pages (physpages.limit, else privvmpages.limit / 2) + swap limit pages. */
  oversellPages: number;
}

export type MemoryModel = 'vzmemcheck' | 'vzoversell';

export interface NodeMemoryFigures {
  /** Which tool's commitment `commitment` is. */
  model: MemoryModel;
  /** What was promised, as a fraction of RAM + swap (alloc commit, or vzoversell's RAM + swap). */
  commitment: number;
  allocUtil: number;
  allocCommit: number;
  memswapUtil: number;
  /** vzoversell RAM + swap; null without swap and RAM figures. */
  oversell: number | null;
  ramSwapBytes: number;
  commitExcluded: number;
}

interface Row {
  snapshot_id: number | string;
  util: number | string | null;
  commit: number | string | null;
  memswap: number | string | null;
  excluded: number | string | null;
  counted: number | string | null;
  oversell: number | string | null;
}

export async function findMemorySums(db: Db, snapshotIds: readonly number[]): Promise<Map<number, MemorySums>> {
  if (snapshotIds.length === 0) return new Map();
  const req = textArrayLiteral(REQUIRED);
  const read = textArrayLiteral([...REQUIRED, 'swappages']);
  const net = textArrayLiteral(NET);
  const rows = await selectRows<Row>(
    db,
    sql`with ct as (
          select b.snapshot_id, b.ct_id,
            count(*) filter (where b.resource = any(${req}::text[])) as req,
            coalesce(sum(b.held) filter (where b.resource = any(${net}::text[])), 0) as net_held,
            coalesce(sum(b."limit") filter (where b.resource = any(${net}::text[])), 0) as net_lim,
            count(*) filter (where b.resource = any(${net}::text[]) and b."limit" is null) as net_unl,
            coalesce(max(b.held) filter (where b.resource = 'privvmpages'), 0) as privvm_held,
            coalesce(max(b.barrier) filter (where b.resource = 'vmguarpages'), 0) as vmguar_bar,
            count(*) filter (where b.resource = 'vmguarpages' and b.barrier is null) as vmguar_unl,
            coalesce(max(b.held) filter (where b.resource = 'oomguarpages'), 0) as oomguar_held,
            max(b."limit") filter (where b.resource = 'physpages') as phys_lim,
            max(b."limit") filter (where b.resource = 'privvmpages') as privvm_lim,
            coalesce(max(b."limit") filter (where b.resource = 'swappages'), 0) as swap_lim
          from beancounter_samples b
          join snapshots s on s.id = b.snapshot_id
          join containers c on c.node_id = s.node_id and c.ct_id = b.ct_id and c.present and c.status = 'running'
          where b.snapshot_id = any(${intArrayLiteral(snapshotIds)}::bigint[])
            and b.ct_id <> '0' and b.resource = any(${read}::text[])
          group by b.snapshot_id, b.ct_id
        )
        select snapshot_id,
          sum(case when req = ${REQUIRED.length} then privvm_held * ${PAGE} + net_held else 0 end)::float8 as util,
          sum(case when req = ${REQUIRED.length} and net_unl = 0 and vmguar_unl = 0 then vmguar_bar * ${PAGE} + net_lim else 0 end)::float8 as commit,
          sum(case when req = ${REQUIRED.length} then oomguar_held * ${PAGE} + net_held else 0 end)::float8 as memswap,
          count(*) filter (where req = ${REQUIRED.length} and (net_unl > 0 or vmguar_unl > 0))::int as excluded,
          count(*)::int as counted,
          sum(case when coalesce(phys_lim, 0) <> 0 then phys_lim when privvm_lim is not null then privvm_lim / 2.0 else 0 end + swap_lim)::float8 as oversell
        from ct group by snapshot_id`,
  );
  return new Map(
    rows.map((r) => [
      Number(r.snapshot_id),
      {
        allocUtilBytes: Number(r.util ?? 0),
        allocCommitBytes: Number(r.commit ?? 0),
        memswapUtilBytes: Number(r.memswap ?? 0),
        commitExcluded: Number(r.excluded ?? 0),
        counted: Number(r.counted ?? 0),
        oversellPages: Number(r.oversell ?? 0),
      },
    ]),
  );
}

/** The sums as fractions of the node's RAM + swap; null without /proc/meminfo figures. */
export function toNodeMemoryFigures(
  sums: MemorySums | undefined,
  mem: { memTotalKb: number | null; swapTotalKb: number | null; lowTotalKb: number | null },
): NodeMemoryFigures | null {
  if (mem.memTotalKb === null || mem.memTotalKb <= 0) return null;
  const { ramSwapBytes } = computeNodeMemoryTotals({ memTotalKb: mem.memTotalKb, swapTotalKb: mem.swapTotalKb, lowTotalKb: mem.lowTotalKb });
  const s = sums ?? { allocUtilBytes: 0, allocCommitBytes: 0, memswapUtilBytes: 0, commitExcluded: 0, counted: 0, oversellPages: 0 };
  const availablePages = mem.memTotalKb / 4 + (mem.swapTotalKb ?? 0) / 4;
  const oversell = availablePages > 0 ? s.oversellPages / availablePages : null;
  const allocCommit = s.allocCommitBytes / ramSwapBytes;
  const model: MemoryModel = s.counted > 0 && s.commitExcluded * 2 > s.counted && oversell !== null ? 'vzoversell' : 'vzmemcheck';
  return {
    model,
    commitment: model === 'vzoversell' ? oversell! : allocCommit,
    allocUtil: s.allocUtilBytes / ramSwapBytes,
    allocCommit,
    memswapUtil: s.memswapUtilBytes / ramSwapBytes,
    oversell,
    ramSwapBytes,
    commitExcluded: s.commitExcluded,
  };
}
