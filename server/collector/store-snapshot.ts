import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { containers, snapshots } from '../../db/schema';
import type { BeancounterBlock } from '../openvz/beancounters';
import { computeFailcntEvents, type FailcntEvent } from '../openvz/formulas/failcnt-events';
import type { NodeMemoryCommitment } from '../openvz/formulas/memory-commitment';
import { computeNodeSummary } from './node-summary';
import { selectRows } from '../../db/sql-rows';
import { recordFailcntEvents, type Tx } from './failcnt';
import { storeQuietSnapshots, type QuietSnapshot, type QuietSnapshotSink } from './quiet-snapshots';
import type { ContainerRecord, NodeSnapshot } from './interpret';
import { packQuotas, storedBeancounters } from './packed-snapshot';
import { decodeBeancounters, encodeBeancounters } from './beancounter-codec';

/** Rows per INSERT: 10 columns × 4000 stays well under Postgres' 65,535 bind parameters. */
const CHUNK = 4000;

/** What this process stored for the node last time, if it still knows: saves reading it back. */
export interface StoredBefore {
  snapshotId: number;
  snapshot: NodeSnapshot;
  at: Date;
}

function runningCtIds(snap: NodeSnapshot): Set<string> {
  return new Set(snap.containers.filter((c) => c.status === 'running').map((c) => c.ctId));
}

function sameContainer(a: ContainerRecord, b: ContainerRecord): boolean {
  if (a === b) return true;
  return (
    a.status === b.status &&
    a.hostname === b.hostname &&
    (a.name ?? null) === (b.name ?? null) &&
    (a.description ?? null) === (b.description ?? null) &&
    (a.fieldsUnreadable ?? null) === (b.fieldsUnreadable ?? null) &&
    JSON.stringify(a.rawFields ?? null) === JSON.stringify(b.rawFields ?? null) &&
    a.osTemplate === b.osTemplate &&
    a.cpuunits === b.cpuunits &&
    a.cpulimit === b.cpulimit &&
    a.ips.length === b.ips.length &&
    a.ips.every((ip, i) => ip === b.ips[i])
  );
}

/**
 * Stores one node's snapshot in one transaction: either all of it is visible or none. The node's
 * snapshot is one row (beancounters and quotas packed), replacing the previous one, which is read
 * first as the failcnt baseline. Time series live in the history tiers, failures in
 * failcnt_events. Container rows are written only when something about them changed: a present
 * CT's "last seen" is its node's snapshot time, and a vanished one gets the time of the poll that
 * last listed it.
 */
export function storeSnapshot(db: Db, nodeId: number, snap: NodeSnapshot, at: Date, warnings: string, opts: StoreOptions = {}): Promise<StoredSnapshot> {
  return prepareSnapshotStore(nodeId, snap, at, warnings, opts).write(db);
}

export interface StoreOptions {
  /** The previous poll as stored; its beancounters are read now, by prepareSnapshotStore. */
  before?: StoredBefore | null;
  /**
   * The same previous poll for the locking path, which runs after a database wait: given with its
   * beancounters decoded on demand, it keeps no row objects alive across that wait. Default `before`.
   */
  beforeForLocking?: StoredBefore | null;
  commitment?: NodeMemoryCommitment | null;
  quiet?: QuietSnapshotSink;
}

export interface StoredSnapshot {
  snapshotId: number;
  events: FailcntEvent[];
  path: 'quiet' | 'locked';
  packedBeancounters: Buffer;
}

export interface PreparedStore {
  /** The beancounters as they will be stored (beancounter-codec.ts). */
  packedBeancounters: Buffer;
  /** The snapshot with its beancounters read back from those bytes when asked (snapshotOverPacked). */
  kept: NodeSnapshot;
  write(db: Db): Promise<StoredSnapshot>;
}

/**
 * storeSnapshot in two steps: everything that reads the poll's beancounter rows (summary, packing,
 * the quiet poll's failcnt events) happens now; write() then holds only the packed row, and the
 * rare locking path reads the beancounters back from the packed bytes. The collector prepares
 * before its first database wait, so the rows of a poll waiting for storage are already garbage
 * and die young instead of being promoted to the old generation.
 */
export function prepareSnapshotStore(nodeId: number, snap: NodeSnapshot, at: Date, warnings: string, opts: StoreOptions = {}): PreparedStore {
  const before = opts.before ?? null;
  const summary = computeNodeSummary({
    blocks: snap.beancounters,
    runningCtIds: runningCtIds(snap),
    memory: snap.memory,
    quotas: snap.containers.map((c) => ({ ctId: c.ctId, blocksUsage: c.quota.blocksUsage, blocksHard: c.quota.blocksHard })),
    ctTotal: snap.containers.length,
    commitment: opts.commitment,
  });
  const packed = { beancounters: encodeBeancounters(snap.beancounters), quotas: packQuotas(snap.containers) };

  // The common poll: this process stored the node's previous snapshot and no CT changed. One
  // statement then does what the transaction below does in five round trips, failcnt events included.
  let quiet: QuietSnapshot | null = null;
  let quietEvents: FailcntEvent[] = [];
  if (before && before.at.getTime() < at.getTime()) {
    const { changed, gone } = containerChanges(snap, before);
    if (changed.length === 0 && gone.length === 0) {
      quietEvents = computeFailcntEvents(before.snapshot.beancounters, snap.beancounters, at).events;
      quiet = snapshotRow(nodeId, at, snap, packed, summary, warnings, { ifLatest: before.snapshotId, events: quietEvents });
    }
  }
  const lockingBefore = opts.beforeForLocking !== undefined ? opts.beforeForLocking : before;
  const kept = snapshotOverPacked(snap, packed.beancounters);
  const sink = opts.quiet;

  return {
    packedBeancounters: packed.beancounters,
    kept,
    async write(db) {
      if (quiet) {
        const snapshotId = await (sink ? sink.store(quiet) : storeQuietSnapshots(db, [quiet]).then(([id]) => id ?? null));
        if (snapshotId !== null) return { snapshotId, events: quietEvents, path: 'quiet', packedBeancounters: packed.beancounters };
        // Another writer stored a snapshot of this node since: the locking path sorts it out.
      }
      return storeLocked(db, nodeId, kept, at, lockingBefore, snapshotRow(nodeId, at, kept, packed, summary, warnings, { ifLatest: null, events: [] }), packed.beancounters);
    },
  };
}

/**
 * The snapshot with its beancounters held as the packed bytes and decoded when read: what the
 * collector keeps until the node's next poll, and what the locking path reads after its waits.
 */
export function snapshotOverPacked(snapshot: NodeSnapshot, packed: Uint8Array): NodeSnapshot {
  let blocks: BeancounterBlock[] | undefined;
  const kept: NodeSnapshot = { ...snapshot };
  Object.defineProperty(kept, 'beancounters', { get: () => (blocks ??= decodeBeancounters(packed)), enumerable: true, configurable: true });
  return kept;
}

async function storeLocked(
  db: Db,
  nodeId: number,
  snap: NodeSnapshot,
  at: Date,
  before: StoredBefore | null,
  row: QuietSnapshot,
  packedBeancounters: Buffer,
): Promise<StoredSnapshot> {
  return db.transaction(async (tx) => {
    // Locking the previous snapshot serialises two writers of one node (leases should prevent that).
    const [prev] = await selectRows<{ id: number | string; collected_ms: number | string }>(
      tx as unknown as Db,
      sql`select id, extract(epoch from collected_at) * 1000 as collected_ms from snapshots where node_id = ${nodeId} order by id desc limit 1 for update`,
    );
    const prevId = prev ? Number(prev.id) : null;
    const known = before && prevId === before.snapshotId ? before : null;
    let baseline: { blocks: readonly BeancounterBlock[]; at: Date } | null = null;
    if (prevId !== null) {
      const blocks = known ? known.snapshot.beancounters : await readPackedBeancounters(tx, prevId);
      baseline = { blocks, at: new Date(Number(prev!.collected_ms)) };
    }
    const events = await recordFailcntEvents(tx, nodeId, baseline, snap.beancounters, at);

    // The same statement as a quiet poll's, unguarded: this transaction holds the latest row locked.
    const [snapshotId] = await storeQuietSnapshots(tx as unknown as Db, [row]);
    await storeContainers(tx, nodeId, snap, at, known);
    return { snapshotId: snapshotId!, events, path: 'locked' as const, packedBeancounters };
  });
}

/** The snapshot row of one poll, for storeQuietSnapshots (quiet-snapshots.ts). */
function snapshotRow(
  nodeId: number,
  at: Date,
  snap: NodeSnapshot,
  packed: { beancounters: Buffer; quotas: ReturnType<typeof packQuotas> },
  summary: ReturnType<typeof computeNodeSummary>,
  warnings: string,
  guard: Pick<QuietSnapshot, 'ifLatest' | 'events'>,
): QuietSnapshot {
  return {
    nodeId,
    at,
    memTotalKb: snap.memory?.memTotalKb ?? null,
    swapTotalKb: snap.memory?.swapTotalKb ?? null,
    lowTotalKb: snap.memory?.lowTotalKb ?? null,
    cpuUtilization: snap.cpu?.currentUtilization ?? null,
    cpuNodePower: snap.cpu?.nodePower ?? null,
    cpuOvercommitted: snap.cpu?.overcommitted ?? null,
    beancountersPacked: packed.beancounters,
    quotas: packed.quotas,
    summary,
    warnings,
    ...guard,
  };
}

async function readPackedBeancounters(tx: Tx, snapshotId: number): Promise<BeancounterBlock[]> {
  const [r] = await tx.select({ beancounters: snapshots.beancounters, beancountersPacked: snapshots.beancountersPacked }).from(snapshots).where(eq(snapshots.id, snapshotId));
  return r ? storedBeancounters(r) : [];
}

/** The CTs to write (new or changed since `known`; all without it) and the ones gone since `known`. */
function containerChanges(snap: NodeSnapshot, known: StoredBefore | null): { changed: ContainerRecord[]; gone: string[] } {
  if (!known) return { changed: snap.containers, gone: [] };
  const previous = new Map(known.snapshot.containers.map((c) => [c.ctId, c]));
  const changed = snap.containers.filter((c) => {
    const p = previous.get(c.ctId);
    return !p || !sameContainer(p, c);
  });
  const seen = new Set(snap.containers.map((c) => c.ctId));
  return { changed, gone: [...previous.keys()].filter((ctId) => !seen.has(ctId)) };
}

async function storeContainers(tx: Tx, nodeId: number, snap: NodeSnapshot, at: Date, known: StoredBefore | null): Promise<void> {
  const { changed, gone } = containerChanges(snap, known);
  for (let i = 0; i < changed.length; i += CHUNK) {
    await tx
      .insert(containers)
      .values(
        changed.slice(i, i + CHUNK).map((c) => ({
          nodeId,
          ctId: c.ctId,
          hostname: c.hostname,
          name: c.name ?? null,
          description: c.description ?? null,
          fieldsRaw: c.rawFields ?? null,
          fieldsUnreadable: c.fieldsUnreadable ?? null,
          ips: c.ips,
          status: c.status,
          osTemplate: c.osTemplate,
          cpuunits: c.cpuunits,
          cpulimit: c.cpulimit,
          lastSeenAt: at,
          present: true,
        })),
      )
      .onConflictDoUpdate({
        target: [containers.nodeId, containers.ctId],
        set: {
          hostname: sql`excluded.hostname`,
          name: sql`excluded.name`,
          description: sql`excluded.description`,
          fieldsRaw: sql`excluded.fields_raw`,
          fieldsUnreadable: sql`excluded.fields_unreadable`,
          ips: sql`excluded.ips`,
          status: sql`excluded.status`,
          osTemplate: sql`excluded.os_template`,
          cpuunits: sql`excluded.cpuunits`,
          cpulimit: sql`excluded.cpulimit`,
          lastSeenAt: sql`excluded.last_seen_at`,
          present: sql`true`,
        },
      });
  }

  if (known) {
    // Gone since the poll this process stored last: they were last seen then.
    if (gone.length) {
      await tx
        .update(containers)
        .set({ present: false, lastSeenAt: known!.at })
        .where(and(eq(containers.nodeId, nodeId), inArray(containers.ctId, gone), eq(containers.present, true)));
    }
    return;
  }
  const seenIds = snap.containers.map((c) => c.ctId);
  await tx
    .update(containers)
    .set({ present: false })
    .where(and(eq(containers.nodeId, nodeId), eq(containers.present, true), seenIds.length ? notInArray(containers.ctId, seenIds) : undefined));
}
