import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { nodeLeases, nodes } from '../../db/schema';
import { createScratchPostgres, type ScratchPostgres } from '../../db/test-databases';
import { parseSecret } from '../ssh/key-vault';
import { SshPool } from '../ssh/pool';
import { listenForReleasedLeases } from './lease-signals';
import { startCollector, type Collector } from './scheduler';
import { until } from '../test-until';

/**
 * Two collector instances on one Postgres, as two vzfleet processes: when the second starts, the
 * first gives half the fleet back, and when the first stops, the second takes the rest. Nodes on
 * loopback port 9 (nothing listens) fail fast, and a failed poll is a poll: it starts on its slot
 * and its start is recorded. What is checked is the gap between two polls of a node, across both
 * instances: handed over, a node keeps its cadence instead of waiting out a lease round and then a
 * spread over the interval.
 */
describe('handing nodes over between collector instances', () => {
  let t: ScratchPostgres;
  beforeAll(async () => {
    t = await createScratchPostgres('vzfleet_test');
    await t.db.insert(nodes).values(Array.from({ length: 12 }, (_, i) => ({ name: `h${i}`, host: '127.0.0.1', port: 9, authMethod: 'agent' as const, hostKeyFingerprint: 'SHA256:' + 'h'.repeat(43) })));
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('keeps every node on its cadence through a rebalance and a graceful stop', async () => {
    const intervalMs = 2_000;
    const roundMs = 500;
    const starts = new Map<number, { at: number; by: string }[]>();
    const pool = new SshPool({ connectTimeoutMs: 500 });
    const start = (owner: string): Collector =>
      startCollector(
        { db: t.db, ssh: pool, clock: () => new Date(), secret: parseSecret('04'.repeat(32)), agentSocket: '/nonexistent', commandTimeoutMs: 500 },
        {
          intervalMs,
          concurrency: 16,
          tickMs: 100,
          leases: { owner, ttlMs: intervalMs, renewMs: roundMs },
          onResult: (id, _r, slot) => starts.set(id, [...(starts.get(id) ?? []), { at: slot.startedAt, by: owner }]),
        },
      );
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const a = start('a');
    let b: Collector | null = null;
    let joinedAt = 0;
    let stoppedAt = 0;
    try {
      await sleep(4_500); // a alone: every node polled twice
      joinedAt = Date.now();
      b = start('b'); // a gives back half at its next round
      await sleep(4_500);
      // Each holds its half (what it also rolls up history for: server/runtime.ts).
      const [heldByA, heldByB] = [[...a.heldNodes()!], [...b.heldNodes()!]];
      expect([heldByA.length, heldByB.length]).toEqual([6, 6]);
      expect(new Set([...heldByA, ...heldByB]).size).toBe(12);
      stoppedAt = Date.now();
      // The way out of a server (server/shutdown.ts): polls under way are stored, then every node is given back.
      expect(await a.stopAndHandOver(1_000)).toEqual({ unfinished: 0 });
      const leftOver = await t.db.select().from(nodeLeases).where(eq(nodeLeases.owner, 'a'));
      expect(leftOver).toEqual([]);
      await sleep(4_500);
      expect(b.heldNodes()!.size).toBe(12);
    } finally {
      // Awaited, not stop(): its release (and the signal it sends) would run on into the next test,
      // whose listener would hear it.
      await a.stopAndHandOver(1_000);
      await b?.stopAndHandOver(1_000);
      pool.closeAll();
    }

    const handedToB = [...starts.values()].filter((s) => s.some((x) => x.by === 'a' && x.at < joinedAt) && s.some((x) => x.by === 'b' && x.at < stoppedAt));
    const takenAtStop = [...starts.values()].filter((s) => s.filter((x) => x.at < stoppedAt).at(-1)?.by === 'a' && s.some((x) => x.by === 'b' && x.at >= stoppedAt));
    expect(handedToB.length).toBe(6);
    expect(takenAtStop.length).toBe(6);
    // Nothing of a's started after it stopped.
    expect([...starts.values()].flat().filter((x) => x.by === 'a' && x.at >= stoppedAt)).toEqual([]);

    const gaps = (from: number, to: number) =>
      [...starts.values()].flatMap((s) => {
        const at = s.map((x) => x.at).filter((x) => x >= from - intervalMs && x < to);
        return at.slice(1).map((x, i) => x - at[i]!);
      });
    // The rebalance: every handed-over node polled one interval after its last poll (the 100-ms
    // grid and a tick's lateness aside), never twice in one interval.
    const rebalance = gaps(joinedAt, stoppedAt);
    expect(Math.max(...rebalance)).toBeLessThanOrEqual(intervalMs + 500);
    expect(Math.min(...rebalance)).toBeGreaterThanOrEqual(intervalMs - 500);
    // The stop: a node whose slot fell in the hand-over is caught up within b's next round and
    // the spread after it, then polled on its old slots again: one short gap at most, per such node.
    const stop = gaps(stoppedAt, stoppedAt + 4_500);
    expect(Math.max(...stop)).toBeLessThanOrEqual(intervalMs + 2 * roundMs + 500);
    expect(stop.filter((g) => g < intervalMs - 500).length).toBeLessThanOrEqual(takenAtStop.length);
    expect(stop.filter((g) => g < intervalMs - 500).length).toBeLessThan(stop.length / 4);
  }, 30_000);

  it('claims a stopping instance\'s nodes as it gives them back, not at the next lease round', async () => {
    const pool = new SshPool({ connectTimeoutMs: 500 });
    // Lease rounds a minute apart, polls an hour apart: only the release's signal can move nodes within the test.
    const start = (owner: string): Collector =>
      startCollector(
        { db: t.db, ssh: pool, clock: () => new Date(), secret: parseSecret('04'.repeat(32)), agentSocket: '/nonexistent', commandTimeoutMs: 500 },
        { intervalMs: 3_600_000, concurrency: 16, tickMs: 100, leases: { owner, ttlMs: 120_000, renewMs: 60_000 } },
      );
    const c = start('c');
    let d: Collector | null = null;
    let e: Collector | null = null;
    const woken: string[] = [];
    const signals = listenForReleasedLeases(t.url, (from) => {
      woken.push(from);
      d?.claimNow();
      e?.claimNow();
    });
    try {
      expect(await until(() => c.heldNodes()?.size === 12, 3_000)).toBe(true);
      // Two more start: their first rounds find every node held by c, which would give them back only at its next round.
      d = start('d');
      e = start('e');
      expect(await until(() => d!.heldNodes() !== null && e!.heldNodes() !== null, 3_000)).toBe(true);
      expect([d.heldNodes()!.size, e.heldNodes()!.size]).toEqual([0, 0]);
      const stoppedAt = Date.now();
      await c.stopAndHandOver(1_000);
      // Both woken at once, one round after the other (an advisory lock): each takes its half, none is left out.
      expect(await until(() => d!.heldNodes()!.size + e!.heldNodes()!.size === 12, 3_000)).toBe(true);
      expect(Date.now() - stoppedAt).toBeLessThan(3_000);
      expect([d.heldNodes()!.size, e.heldNodes()!.size]).toEqual([6, 6]);
      expect(woken).toEqual(['c']);
    } finally {
      // Awaited, as in the first test: no release is still running when the database is dropped.
      for (const x of [c, d, e]) await x?.stopAndHandOver(1_000);
      await signals.close();
      pool.closeAll();
    }
  }, 30_000);
});
