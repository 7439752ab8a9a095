import type { BeancounterBlock } from '../openvz/beancounters';
import type { ContainerRecord } from './interpret';

/**
 * How one poll's beancounters and quotas are stored: one JSON value per node instead of a row per
 * CT and resource. Tuples, not objects — 1,500 beancounters × six key names would triple the size.
 * `barrier`/`limit` null = unlimited, as in the parsed form.
 */
export type PackedBeancounter = [resource: string, held: number, maxheld: number, barrier: number | null, limit: number | null, failcnt: number];
export type PackedBeancounters = [ctId: string, rows: PackedBeancounter[]][];
export type PackedQuota = [ctId: string, blocksUsage: number | null, blocksSoft: number | null, blocksHard: number | null, inodesUsage: number | null, inodesSoft: number | null, inodesHard: number | null];
export type PackedQuotas = PackedQuota[];

export type CtQuota = ContainerRecord['quota'] & { ctId: string };

export function packBeancounters(blocks: readonly BeancounterBlock[]): PackedBeancounters {
  return blocks.map((b) => [b.ctId, b.beancounters.map((r): PackedBeancounter => [r.resource, r.held, r.maxheld, r.barrier, r.limit, r.failcnt])]);
}

export function unpackBeancounters(packed: PackedBeancounters | null | undefined): BeancounterBlock[] {
  if (!packed) return [];
  return packed.map(([ctId, rows]) => ({
    ctId,
    beancounters: rows.map(([resource, held, maxheld, barrier, limit, failcnt]) => ({ resource, held, maxheld, barrier, limit, failcnt })),
  }));
}

export function packQuotas(cts: readonly Pick<ContainerRecord, 'ctId' | 'quota'>[]): PackedQuotas {
  return cts.map(({ ctId, quota: q }): PackedQuota => [ctId, q.blocksUsage, q.blocksSoft, q.blocksHard, q.inodesUsage, q.inodesSoft, q.inodesHard]);
}

export function unpackQuotas(packed: PackedQuotas | null | undefined): CtQuota[] {
  if (!packed) return [];
  return packed.map(([ctId, blocksUsage, blocksSoft, blocksHard, inodesUsage, inodesSoft, inodesHard]) => ({ ctId, blocksUsage, blocksSoft, blocksHard, inodesUsage, inodesSoft, inodesHard }));
}
