import type { PackedBeancounter, PackedBeancounters, PackedQuota, PackedQuotas } from '../../db/stored-shapes';
import type { BeancounterBlock } from '../openvz/beancounters';
import type { ContainerRecord } from './interpret';
import { decodeBeancounters } from './beancounter-codec';

/** How one poll's beancounters and quotas are stored (the shapes: db/stored-shapes.ts). */
export type { PackedBeancounter, PackedBeancounters, PackedQuota, PackedQuotas };

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

/**
 * A snapshot row's beancounters in whichever form it was stored: bytes (beancounter-codec.ts, what
 * the collector writes) or the JSON of earlier versions; only the CTs of `ctIds` when given.
 */
export function storedBeancounters(
  row: { beancounters: PackedBeancounters | null; beancountersPacked: Uint8Array | null },
  ctIds?: ReadonlySet<string>,
): BeancounterBlock[] {
  if (row.beancountersPacked) return decodeBeancounters(row.beancountersPacked, ctIds);
  const blocks = unpackBeancounters(row.beancounters);
  return ctIds ? blocks.filter((b) => ctIds.has(b.ctId)) : blocks;
}

export function packQuotas(cts: readonly Pick<ContainerRecord, 'ctId' | 'quota'>[]): PackedQuotas {
  return cts.map(({ ctId, quota: q }): PackedQuota => [ctId, q.blocksUsage, q.blocksSoft, q.blocksHard, q.inodesUsage, q.inodesSoft, q.inodesHard]);
}

export function unpackQuotas(packed: PackedQuotas | null | undefined): CtQuota[] {
  if (!packed) return [];
  return packed.map(([ctId, blocksUsage, blocksSoft, blocksHard, inodesUsage, inodesSoft, inodesHard]) => ({ ctId, blocksUsage, blocksSoft, blocksHard, inodesUsage, inodesSoft, inodesHard }));
}
