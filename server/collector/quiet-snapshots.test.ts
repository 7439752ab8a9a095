import { describe, expect, it } from 'vitest';
import { asc, eq, inArray } from 'drizzle-orm';
import { failcntEvents, snapshots } from '../../db/schema';
import { TEST_ENGINES } from '../../db/test-databases';
import { useTestNodeDb } from '../inventory/test-node-db';
import { insertNode } from '../inventory/nodes';
import { parseSecret } from '../ssh/key-vault';
import type { BeancounterBlock } from '../openvz/beancounters';
import type { NodeSnapshot } from './interpret';
import { storeSnapshot } from './store-snapshot';
import { batchQuietSnapshots, storeQuietSnapshots, type QuietSnapshot } from './quiet-snapshots';
import { encodeBeancounters } from './beancounter-codec';
import { storedBeancounters } from './packed-snapshot';

const blocks = (held: number, failcnt = 0): BeancounterBlock[] => [{ ctId: '101', beancounters: [{ resource: 'numproc', held, maxheld: held, barrier: 400, limit: 400, failcnt }] }];
const snapshotOf = (b: BeancounterBlock[]): NodeSnapshot => ({ beancounters: b, containers: [], cpu: null, memory: null, problems: [] });

describe.each(TEST_ENGINES)('quiet snapshots of many nodes in one statement, on %s', (engine) => {
  const w = useTestNodeDb(engine);

  /** Three nodes, each with a first snapshot stored the careful way; returns [nodeId, snapshotId]. */
  const threeNodes = async (tag: string) => {
    const out: [number, number][] = [];
    for (const k of [1, 2, 3]) {
      const id = (await insertNode(w.t.db, { name: `${tag}${k}`, host: '127.0.0.1', authMethod: 'agent' }, parseSecret('01'.repeat(32)))).id;
      out.push([id, (await storeSnapshot(w.t.db, id, snapshotOf(blocks(k)), new Date(1000), '')).snapshotId]);
    }
    return out as [[number, number], [number, number], [number, number]];
  };
  const quiet = (nodeId: number, ifLatest: number, held: number, extra: Partial<QuietSnapshot> = {}): QuietSnapshot => ({
    nodeId,
    ifLatest,
    at: new Date(2000),
    memTotalKb: 1024 * held,
    swapTotalKb: null,
    lowTotalKb: null,
    cpuUtilization: 7,
    cpuNodePower: 1000,
    cpuOvercommitted: false,
    beancountersPacked: encodeBeancounters(blocks(held)),
    quotas: [['101', held]],
    summary: held === 2 ? null : { held },
    warnings: `w${held}`,
    events: [],
    ...extra,
  });
  const rowsOf = (ids: number[]) => w.t.db.select().from(snapshots).where(inArray(snapshots.nodeId, ids)).orderBy(asc(snapshots.nodeId));

  it('replaces each node\'s row with its own figures and bytes, and skips a node whose latest row moved on', async () => {
    const nodes = await threeNodes('a');
    const [[n1, s1], [n2, s2], [n3]] = nodes;
    const ids = await storeQuietSnapshots(w.t.db, [
      quiet(n1, s1, 11),
      quiet(n2, s2, 2),
      quiet(n3, 999_999, 33), // not its latest: another writer was first
    ]);
    expect(ids[0]).toBeGreaterThan(0);
    expect(ids[1]).toBeGreaterThan(0);
    expect(ids[2]).toBeNull();
    const rows = await rowsOf(nodes.map(([n]) => n));
    expect(rows.map((r) => [r.nodeId, r.id])).toEqual([[n1, ids[0]], [n2, ids[1]], [n3, nodes[2]![1]]]);
    expect(rows.map((r) => storedBeancounters(r)[0]!.beancounters[0]!.held)).toEqual([11, 2, 3]);
    expect(rows.slice(0, 2).map((r) => [r.memTotalKb, r.cpuUtilization, r.cpuNodePower, r.cpuOvercommitted, r.quotas, r.summary, r.warnings])).toEqual([
      [11264, 7, 1000, false, [['101', 11]], { held: 11 }, 'w11'],
      [2048, 7, 1000, false, [['101', 2]], null, 'w2'],
    ]);
  });

  it('stores failcnt events only for the nodes whose snapshot went in', async () => {
    const [[n1, s1], [n2]] = await threeNodes('b');
    const event = { ctId: '101', resource: 'numproc', at: new Date(2000), delta: 4, failcnt: 4, held: 9, maxheld: 9, barrier: 400, limit: 400, afterReset: false };
    const ids = await storeQuietSnapshots(w.t.db, [quiet(n1, s1, 9, { events: [event] }), quiet(n2, 1, 9, { events: [event] })]);
    expect(ids.map((id) => id === null)).toEqual([false, true]);
    const stored = await w.t.db.select().from(failcntEvents).where(inArray(failcntEvents.nodeId, [n1, n2]));
    expect(stored.map((e) => [e.nodeId, e.delta, e.held])).toEqual([[n1, 4, 9]]);
  });

  it('batches stores made close together into one statement, and a bad one fails only its own poll', async () => {
    const nodes = await threeNodes('c');
    const sink = batchQuietSnapshots(w.t.db, { delayMs: 20 });
    const results = await Promise.allSettled([
      sink.store(quiet(nodes[0]![0], nodes[0]![1], 21)),
      // A NUL in text is refused by Postgres: the batch fails, then each store is tried alone.
      sink.store(quiet(nodes[1]![0], nodes[1]![1], 22, { warnings: 'bad\u0000' })),
      sink.store(quiet(nodes[2]![0], nodes[2]![1], 23)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = await rowsOf(nodes.map(([n]) => n));
    expect(rows.map((r) => storedBeancounters(r)[0]!.beancounters[0]!.held)).toEqual([21, 2, 23]);
    expect(rows[1]!.id).toBe(nodes[1]![1]);
  });

  it('puts a second store of the same node in the next statement, where its baseline is stale', async () => {
    const [[n1, s1]] = await threeNodes('d');
    const sink = batchQuietSnapshots(w.t.db, { delayMs: 5 });
    // In one statement both would pass the latest-row guard and leave the node with two rows.
    const [a, b] = await Promise.all([sink.store(quiet(n1, s1, 31)), sink.store(quiet(n1, s1, 32, { at: new Date(3000) }))]);
    expect(a).toBeGreaterThan(s1);
    expect(b).toBeNull();
    const rows = await w.t.db.select().from(snapshots).where(eq(snapshots.nodeId, n1));
    expect(rows.map((r) => r.id)).toEqual([a]);
  });
});
