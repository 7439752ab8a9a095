import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { nodes } from '../../db/schema';
import { removeNode } from '../inventory/nodes';
import { createTestDb, type TestDb } from '../../db/test-databases';
import { parseSecret } from '../ssh/key-vault';
import { SshPool } from '../ssh/pool';
import { homePhase, homeSlotAtOrAfter, nextDueAfter, pollOffsetMs, startCollector, takenOverDueAt } from './scheduler';

describe('poll scheduler', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('pglite');
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('spreads nodes over the interval instead of polling them in lockstep', () => {
    const offsets = Array.from({ length: 1000 }, (_, i) => pollOffsetMs(i + 1, 15_000));
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(15_000);
    // every 1.5-s tenth of the interval gets a share of the fleet
    const tenths = new Set(offsets.map((o) => Math.floor(o / 1500)));
    expect(tenths.size).toBe(10);
  });

  it('keeps a node on its slots when polls start late, so lateness does not add up', () => {
    // Due at 0, polled 900 ms late: next due at 15 s, not 15.9 s.
    expect(nextDueAfter(0, 900, 15_000)).toBe(15_000);
    let due = 0;
    for (let i = 0; i < 20; i++) due = nextDueAfter(due, due + 999, 15_000);
    expect(due).toBe(20 * 15_000);
    // More than an interval late (the process was stopped, the node was busy): from now, no burst.
    expect(nextDueAfter(0, 40_000, 15_000)).toBe(55_000);
    expect(nextDueAfter(0, 15_000, 15_000)).toBe(30_000);
  });

  it('keeps a node taken over from another instance on its cadence, and catches an overdue one up soon', () => {
    const o = { intervalMs: 15_000, spreadMs: 5_000, homeOffsetMs: homePhase(7, 15_000, 100).offsetMs };
    const soon = 100_000 + pollOffsetMs(7, 5_000);
    // Polled 4 s ago by the instance that gave it back: due 11 s from now, as it was there.
    expect(takenOverDueAt(7, 96_000, 100_000, o)).toEqual({ slot: 111_000, startAt: 111_000 });
    // Its slot passed 2 s ago, in the hand-over: caught up within the spread, its slots kept (98 s, 113 s, …).
    expect(takenOverDueAt(7, 83_000, 100_000, o)).toEqual({ slot: 98_000, startAt: soon });
    // Unpolled for 40 s (its holder died): the same, from its latest slot on that cadence (60 + 2 × 15 s).
    expect(takenOverDueAt(7, 60_000, 100_000, o)).toEqual({ slot: 90_000, startAt: soon });
    // Never polled: no cadence to keep.
    expect(takenOverDueAt(7, null, 100_000, o)).toEqual({ slot: soon, startAt: soon });
    // After the catch-up, the next poll is on the old cadence: no bunching of caught-up nodes.
    expect(nextDueAfter(98_000, soon, 15_000)).toBe(113_000);
    // At an instance's start the spread is the interval: caught up at its home slot (the same in
    // every instance), from which its cadence goes on, unless its old cadence's next slot comes first.
    expect(homePhase(11, 15_000, 100).offsetMs).toBe(4_500); // pollOffsetMs 4_595, on the 100-ms grid
    const start = { intervalMs: 15_000, spreadMs: 15_000, homeOffsetMs: 4_500 };
    expect(takenOverDueAt(11, 83_000, 100_000, start)).toEqual({ slot: 109_500, startAt: 109_500 });
    expect(takenOverDueAt(11, 89_000, 100_000, start)).toEqual({ slot: 104_000, startAt: 104_000 });
    expect(takenOverDueAt(11, null, 100_000, start)).toEqual({ slot: 109_500, startAt: 109_500 });
  });

  it('puts a node on the same home slots in every instance, whenever each started', () => {
    const { offsetMs } = homePhase(7, 15_000, 100);
    const a = homeSlotAtOrAfter(1_000_000, 15_000, offsetMs);
    const b = homeSlotAtOrAfter(1_234_567, 15_000, offsetMs);
    expect(a).toBeGreaterThanOrEqual(1_000_000);
    expect(a - 1_000_000).toBeLessThan(15_000);
    expect((b - a) % 15_000).toBe(0);
    expect(homeSlotAtOrAfter(a, 15_000, offsetMs)).toBe(a);
  });

  it('brings a node off its home phase back within 8 polls, never leaving a gap longer than the interval', () => {
    const interval = 15_000;
    const home = homePhase(7, interval, 100);
    expect(home.stepMs).toBe(1_800);
    const onHome = homeSlotAtOrAfter(1_000_000, interval, home.offsetMs);
    // On its home phase it keeps its cadence exactly.
    expect(nextDueAfter(onHome, onHome + 3, interval, home)).toBe(onHome + interval);
    // 7 s past home (a hand-over kept another instance's cadence), and 14 s past (the long way round: only ever earlier).
    for (const off of [7_000, 14_000, 100]) {
      let due = onHome + off;
      const gaps: number[] = [];
      for (let i = 0; i < 12; i++) {
        const next = nextDueAfter(due, due + 3, interval, home);
        gaps.push(next - due);
        due = next;
      }
      expect(Math.max(...gaps)).toBe(interval);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(interval - home.stepMs);
      expect((due - onHome) % interval).toBe(0); // home again
      expect(gaps.slice(8)).toEqual([interval, interval, interval, interval]); // and it stays there
    }
    // A late poll is not followed by one sooner than interval − step.
    expect(nextDueAfter(onHome + 7_000, onHome + 8_000, interval, home)).toBe(onHome + 8_000 + interval - home.stepMs);
  });

  it('polls each node on its own interval and keeps going when nodes fail', async () => {
    // Port 9 (discard) on loopback: nothing listens, so each poll fails fast as "unreachable".
    const [fast] = await t.db.insert(nodes).values({ name: 'fast', host: '127.0.0.1', port: 9, authMethod: 'agent', hostKeyFingerprint: 'SHA256:' + 'a'.repeat(43), pollIntervalS: 1 }).returning();
    const [slow] = await t.db.insert(nodes).values({ name: 'slow', host: '127.0.0.1', port: 9, authMethod: 'agent', hostKeyFingerprint: 'SHA256:' + 'b'.repeat(43) }).returning();
    const counts = new Map<number, number>();
    const pool = new SshPool({ connectTimeoutMs: 500 });
    const collector = startCollector(
      { db: t.db, ssh: pool, clock: () => new Date(), secret: parseSecret('04'.repeat(32)), agentSocket: '/nonexistent', commandTimeoutMs: 500 },
      { intervalMs: 3_600_000, concurrency: 4, tickMs: 50, onResult: (id) => counts.set(id, (counts.get(id) ?? 0) + 1) },
    );
    try {
      await new Promise((r) => setTimeout(r, 3_300));
    } finally {
      collector.stop();
      pool.closeAll();
    }
    expect(counts.get(fast!.id) ?? 0).toBeGreaterThanOrEqual(2);
    expect(counts.get(fast!.id) ?? 0).toBeLessThanOrEqual(4);
    expect(counts.get(slow!.id) ?? 0).toBeLessThanOrEqual(1); // its offset within an hour may fall in these seconds
  });

  it('starts each poll on its slot, not at the next periodic look for due polls', async () => {
    const [node] = await t.db.insert(nodes).values({ name: 'on-time', host: '127.0.0.1', port: 9, authMethod: 'agent', hostKeyFingerprint: 'SHA256:' + 'e'.repeat(43), pollIntervalS: 1 }).returning();
    const lateMs: number[] = [];
    const pool = new SshPool({ connectTimeoutMs: 500 });
    // Inventory read once a second, looks for due polls at most 100 ms apart: a poll started at the
    // next look would be ~50 ms late on average.
    const collector = startCollector(
      { db: t.db, ssh: pool, clock: () => new Date(), secret: parseSecret('04'.repeat(32)), agentSocket: '/nonexistent', commandTimeoutMs: 500 },
      { intervalMs: 3_600_000, concurrency: 4, tickMs: 1000, onResult: (id, _r, slot) => id === node!.id && lateMs.push(slot.startedAt - slot.dueAt) },
    );
    try {
      await new Promise((r) => setTimeout(r, 5_500));
    } finally {
      collector.stop();
      pool.closeAll();
      await t.db.delete(nodes).where(eq(nodes.id, node!.id));
    }
    expect(lateMs.length).toBeGreaterThanOrEqual(3);
    const median = [...lateMs].sort((a, b) => a - b)[Math.floor(lateMs.length / 2)]!;
    expect(median).toBeGreaterThanOrEqual(0);
    expect(median).toBeLessThan(20);
  });

  it('picks up nodes added, edited and removed while it runs', async () => {
    const counts = new Map<number, number>();
    const errors = new Map<number, string>();
    const count = (id: number) => counts.get(id) ?? 0;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const pool = new SshPool({ connectTimeoutMs: 500 });
    const collector = startCollector(
      { db: t.db, ssh: pool, clock: () => new Date(), secret: parseSecret('04'.repeat(32)), agentSocket: '/nonexistent', commandTimeoutMs: 500 },
      {
        intervalMs: 3_600_000,
        concurrency: 4,
        tickMs: 50,
        onResult: (id, r) => {
          counts.set(id, count(id) + 1);
          if (!r.ok) errors.set(id, r.error);
        },
      },
    );
    try {
      await sleep(300);
      // The key file is not there: each poll fails before connecting, naming the file it looked for,
      // so the error shows which version of the node's row the poll used.
      const [added] = await t.db.insert(nodes).values({ name: 'added-later', host: '127.0.0.1', port: 9, authMethod: 'key-file', keyFile: 'absent.key', hostKeyFingerprint: 'SHA256:' + 'd'.repeat(43), pollIntervalS: 1 }).returning();
      await sleep(2_300);
      expect(count(added!.id)).toBeGreaterThanOrEqual(1);
      expect(errors.get(added!.id)).toMatch(/absent\.key/);

      await t.db.update(nodes).set({ keyFile: 'renamed.key' }).where(eq(nodes.id, added!.id));
      await sleep(2_300);
      expect(errors.get(added!.id)).toMatch(/renamed\.key/);

      // Alone on its database it polls (and rolls up history for) the whole fleet: no lease set.
      expect(collector.heldNodes()).toBeNull();
      await removeNode(t.db, added!.id);
      await sleep(300);
      const atRemoval = count(added!.id);
      await sleep(2_300);
      expect(count(added!.id)).toBe(atRemoval);
    } finally {
      collector.stop();
      pool.closeAll();
    }
  });

  it('runs a poll asked for while a scheduled one is under way after that one, not instead of it', async () => {
    // A TCP port that accepts and never speaks SSH: each poll waits out the connect timeout.
    const held: net.Socket[] = [];
    const connected: (() => void)[] = [];
    const silent = net.createServer((sock) => {
      held.push(sock);
      connected.shift()?.();
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    const [node] = await t.db.insert(nodes).values({ name: 'silent', host: '127.0.0.1', port, authMethod: 'agent', hostKeyFingerprint: 'SHA256:' + 'f'.repeat(43), pollIntervalS: 1 }).returning();
    const polls: { startedAt: number; at: number }[] = [];
    const pool = new SshPool({ connectTimeoutMs: 600 });
    const collector = startCollector(
      { db: t.db, ssh: pool, clock: () => new Date(), secret: parseSecret('04'.repeat(32)), agentSocket: '/nonexistent', commandTimeoutMs: 600 },
      { intervalMs: 3_600_000, concurrency: 4, tickMs: 50, onResult: (id, _r, slot) => id === node!.id && polls.push({ startedAt: slot.startedAt, at: Date.now() }) },
    );
    try {
      // The scheduled poll (within its first second) has connected and waits: ask now.
      await new Promise<void>((r) => connected.push(r));
      const asked = await collector.collectNow(node!.id);
      expect(asked.ok).toBe(false);
      expect(polls.length).toBeGreaterThanOrEqual(2);
      const [scheduled, theirs] = polls;
      // Theirs started once the scheduled one had ended: it reflects the node after they asked.
      expect(theirs!.startedAt).toBeGreaterThanOrEqual(scheduled!.at - 5);
      expect(theirs!.at - theirs!.startedAt).toBeGreaterThanOrEqual(400);
    } finally {
      collector.stop();
      pool.closeAll();
      for (const sock of held) sock.destroy();
      silent.close();
      await t.db.delete(nodes).where(eq(nodes.id, node!.id));
    }
  });
});
