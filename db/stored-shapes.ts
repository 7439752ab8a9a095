/**
 * The JSON values stored in node_snapshots, defined where the schema is: db/ depends on nothing in
 * server/. The collector writes them (server/collector/packed-snapshot.ts packs, the node summary
 * comes from server/collector/node-summary.ts); the read models read them back.
 */

/**
 * One poll's beancounters and quotas: one JSON value per node instead of a row per CT and
 * resource. Tuples, not objects — 1,500 beancounters × six key names would triple the size.
 * `barrier`/`limit` null = unlimited, as in the parsed form.
 */
export type PackedBeancounter = [resource: string, held: number, maxheld: number, barrier: number | null, limit: number | null, failcnt: number];
export type PackedBeancounters = [ctId: string, rows: PackedBeancounter[]][];
export type PackedQuota = [ctId: string, blocksUsage: number | null, blocksSoft: number | null, blocksHard: number | null, inodesUsage: number | null, inodesSoft: number | null, inodesHard: number | null];
export type PackedQuotas = PackedQuota[];

/**
 * On VSwap kernels vmguarpages is unlimited, so alloc commit says nothing; vzoversell (Σ RAM and
 * swap limits / RAM + swap) is what vzctl ships instead, and `commitment` follows it when alloc
 * commit leaves out most CTs.
 */
export type MemoryModel = 'vzmemcheck' | 'vzoversell';

/** A node's overview figures from one snapshot, computed once per poll (server/collector/node-summary.ts). */
export interface NodeSummary {
  memory: { model: MemoryModel; commitment: number; allocCommit: number; allocUtil: number; memswapUtil: number; oversell: number | null; commitExcluded: number } | null;
  disk: { usedKb: number; hardKb: number; share: number | null };
  /**
   * The snapshot's CTs (vzlist), as the containers table holds them after this poll. Absent in
   * summaries stored before it was added: readers count those nodes' rows instead.
   */
  cts?: { running: number; total: number };
}
