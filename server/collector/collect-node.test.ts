import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { generateUsableEd25519 } from '../../sim/ssh/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containers, nodes, snapshots } from '../../db/schema';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { startSimFleet, type SimFleet } from '../../sim/ssh/server';
import { findContainerDetail, listContainersOfNode } from '../read-models/read-models';
import { insertNode } from '../inventory/nodes';
import { parseSecret } from '../ssh/key-vault';
import { SshPool } from '../ssh/pool';
import { collectNode, fullPollPhase, type CollectorDeps } from './collect-node';
import { findPollState } from './poll-state';
import { storedBeancounters } from './packed-snapshot';

const secret = parseSecret('cd'.repeat(32));

/** Accepts TCP connections and never says a word: a node whose sshd is wedged. */
function startSilentServer(): Promise<{ port: number; close: () => void }> {
  return new Promise((resolve) => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => sockets.push(s));
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () => {
          sockets.forEach((s) => s.destroy());
          server.close();
        },
      });
    });
  });
}

describe.each(TEST_ENGINES)('collecting simulated nodes over real SSH into %s', (engine) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-collect-'));
  let t: TestDb;
  let fleet: SimFleet;
  let silent: { port: number; close: () => void };
  let deps: CollectorDeps;
  let pool: SshPool;
  const wrongKeyFile = path.join(dataDir, 'wrong_key');

  beforeAll(async () => {
    t = await createTestDb(engine);
    fleet = await startSimFleet({ nodes: 3, basePort: 0, dataDir, ctsPerNode: 4, seed: 11 });
    silent = await startSilentServer();
    fs.writeFileSync(wrongKeyFile, generateUsableEd25519().private, { mode: 0o600 });
    pool = new SshPool({ connectTimeoutMs: 1500 });
    deps = { db: t.db, ssh: pool, clock: () => new Date(), secret, commandTimeoutMs: 1500 };
  });
  afterAll(async () => {
    pool?.closeAll();
    silent?.close();
    await fleet?.stop();
    await t?.drop();
  });

  async function addSimNode(name: string, i: number, overrides: Record<string, unknown> = {}) {
    const n = fleet.nodes[i]!;
    return insertNode(
      t.db,
      { name, host: n.host, port: n.port, sshUser: 'root', authMethod: 'key-file', keyFile: fleet.clientKeyPath!, hostKeyFingerprint: n.hostKeyFingerprint, ...overrides },
      secret,
    );
  }

  it('stores a complete snapshot of a healthy node in one go', async () => {
    const node = await addSimNode('ok-node', 0);
    const r = await collectNode(deps, node.id);
    expect(r).toMatchObject({ ok: true, health: 'ok' });
    const cts = await listContainersOfNode(t.db, node.id);
    const simCtIds = fleet.nodes[0]!.model.containers.map((c) => String(c.ctId));
    expect(cts.map((c) => c.ctId)).toEqual(simCtIds.sort((a, b) => Number(a) - Number(b)));
    const running = cts.find((c) => c.status === 'running')!;
    expect(running.numproc?.held).toBeGreaterThan(0);
    expect(running.privvmpages?.barrier).toBeGreaterThan(0);
    const detail = await findContainerDetail(t.db, node.id, running.ctId);
    expect(detail.beancounters.map((b) => b.resource)).toContain('kmemsize');
    expect(detail.beancounters).toHaveLength(20); // 24 rows less the 4 dummies
    expect(detail.quota?.blocksHard).toBeGreaterThan(0);
    const [snap] = await t.db.select().from(snapshots).where(eq(snapshots.nodeId, node.id));
    expect(snap!.cpuNodePower).toBeGreaterThan(snap!.cpuUtilization!);
    // The overview's figures are computed once, here, not per page view.
    expect(snap!.summary?.memory?.allocCommit).toBeGreaterThan(0);
    expect(snap!.summary?.disk.hardKb).toBeGreaterThan(0);
    const poll = await findPollState(t.db, node.id);
    expect(poll).toMatchObject({ health: 'ok', lastErrorText: null, wrapperRefused: '' });
    expect(poll!.lastSuccessAt).not.toBeNull();
  });

  it('collects from a CentOS 6 era sshd that only speaks SHA-1 Diffie-Hellman and an RSA host key', async () => {
    await fleet.setFault(2, 'legacy-kex');
    try {
      const node = await addSimNode('legacy-node', 2); // pins the node's RSA key, as its inventory would
      const r = await collectNode(deps, node.id);
      expect(r).toMatchObject({ ok: true, health: 'ok' });
    } finally {
      await fleet.setFault(2, null);
    }
  });

  it('a node whose forced-command wrapper predates the collect loop is read by one exec per poll, and stored the same', async () => {
    await fleet.setFault(2, 'no-collect-loop');
    try {
      const node = await addSimNode('old-wrapper-node', 2);
      const loopsBefore = pool.collectLoopsOpened;
      const execsBefore = pool.collectExecs;
      for (let i = 0; i < 3; i++) expect(await collectNode(deps, node.id)).toMatchObject({ ok: true, health: 'ok' });
      // Asked once and refused; every poll after is one exec (ssh/pool.ts), its stdout lent and given back.
      expect(pool.collectLoopsOpened - loopsBefore).toBe(1);
      expect(pool.collectExecs - execsBefore).toBe(3);
      expect(await listContainersOfNode(t.db, node.id)).toHaveLength(4);
      // The node page's note: this wrapper refuses the loop (the simulated one takes the squeezed scripts).
      expect(await findPollState(t.db, node.id)).toMatchObject({ health: 'ok', lastErrorText: null, wrapperRefused: 'collect-loop' });
    } finally {
      await fleet.setFault(2, null);
    }
  });

  it('reuses one connection for successive polls', async () => {
    const node = await addSimNode('reuse-node', 0);
    await collectNode(deps, node.id);
    const connectsBefore = pool.connectsStarted;
    const loopsBefore = pool.collectLoopsOpened;
    await collectNode(deps, node.id);
    expect(pool.connectsStarted).toBe(connectsBefore);
    // And one channel: the connection's collect loop answers the next poll too.
    expect(pool.collectLoopsOpened).toBe(loopsBefore);
    const snaps = await t.db.select().from(snapshots).where(eq(snapshots.nodeId, node.id));
    // Only the latest poll is kept as a snapshot (history lives in the tiers).
    expect(snaps).toHaveLength(1);
    // Stored as bytes (beancounter-codec.ts), not JSON, and read back whole.
    expect(snaps[0]!.beancounters).toBeNull();
    expect(storedBeancounters(snaps[0]!).length).toBeGreaterThan(0);
  });

  it('reads the key file only to connect: a poll on the kept connection does not touch it, a changed setting does', async () => {
    const keyCopy = path.join(dataDir, 'key_copy');
    fs.copyFileSync(fleet.clientKeyPath!, keyCopy);
    fs.chmodSync(keyCopy, 0o600);
    const node = await addSimNode('lazy-key-node', 1, { keyFile: keyCopy });
    const byKeyDir = { ...deps, keyDir: dataDir };
    expect((await collectNode(byKeyDir, node.id)).ok).toBe(true);
    // Gone from disk: the kept connection is already authenticated and goes on polling.
    fs.rmSync(keyCopy);
    expect((await collectNode(byKeyDir, node.id)).ok).toBe(true);
    // A changed setting (here the compression offer) needs a new connection, so the key is read and missed.
    await t.db.update(nodes).set({ sshCompression: !node.sshCompression }).where(eq(nodes.id, node.id));
    const r = await collectNode(byKeyDir, node.id);
    expect(r).toMatchObject({ ok: false, health: 'auth-failed' });
    expect(r.ok ? '' : r.error).toMatch(/key_copy/);
  });

  it('says "auth-failed" for a wrong key and keeps the node\'s earlier data', async () => {
    const node = await addSimNode('key-node', 1);
    expect((await collectNode(deps, node.id)).ok).toBe(true);
    const before = await t.db.select().from(snapshots).where(eq(snapshots.nodeId, node.id));
    await t.db.update(nodes).set({ keyFile: wrongKeyFile }).where(eq(nodes.id, node.id));
    const r = await collectNode(deps, node.id);
    expect(r).toMatchObject({ ok: false, health: 'auth-failed' });
    expect(!r.ok && r.error).toMatch(/refused the key for user root/);
    expect(await t.db.select().from(snapshots).where(eq(snapshots.nodeId, node.id))).toEqual(before);
    expect((await listContainersOfNode(t.db, node.id)).length).toBeGreaterThan(0);
    const poll = await findPollState(t.db, node.id);
    expect(poll!.health).toBe('auth-failed');
    expect(poll!.lastSuccessAt).not.toBeNull();
  });

  it('says "host-key-mismatch" when the node presents another key than the pinned one', async () => {
    const node = await addSimNode('moved-node', 2, { hostKeyFingerprint: 'SHA256:' + 'x'.repeat(43) });
    const r = await collectNode(deps, node.id);
    expect(r).toMatchObject({ ok: false, health: 'host-key-mismatch', presentedFingerprint: fleet.nodes[2]!.hostKeyFingerprint });
    expect(!r.ok && r.error).toMatch(/changed/);
  });

  it('never trusts a node on first contact: "host-key-unknown" with the presented fingerprint', async () => {
    const node = await addSimNode('new-node', 2, { hostKeyFingerprint: null });
    const r = await collectNode(deps, node.id);
    expect(r).toMatchObject({ ok: false, health: 'host-key-unknown', presentedFingerprint: fleet.nodes[2]!.hostKeyFingerprint });
    expect((await findPollState(t.db, node.id))!.presentedFingerprint).toBe(fleet.nodes[2]!.hostKeyFingerprint);
    expect(await t.db.select().from(snapshots).where(eq(snapshots.nodeId, node.id))).toHaveLength(0);
  });

  it('says "timeout" for a node that accepts TCP and never answers', async () => {
    const node = await insertNode(
      t.db,
      { name: 'silent-node', host: '127.0.0.1', port: silent.port, authMethod: 'key-file', keyFile: fleet.clientKeyPath!, hostKeyFingerprint: fleet.nodes[0]!.hostKeyFingerprint },
      secret,
    );
    const started = Date.now();
    const r = await collectNode(deps, node.id);
    expect(r).toMatchObject({ ok: false, health: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('says "unreachable" for a closed port', async () => {
    const probe = net.createServer();
    const free = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as net.AddressInfo).port)));
    probe.close();
    const node = await insertNode(
      t.db,
      { name: 'down-node', host: '127.0.0.1', port: free, authMethod: 'key-file', keyFile: fleet.clientKeyPath!, hostKeyFingerprint: fleet.nodes[0]!.hostKeyFingerprint },
      secret,
    );
    const r = await collectNode(deps, node.id);
    expect(r).toMatchObject({ ok: false, health: 'unreachable' });
    expect(!r.ok && r.error).toMatch(/ECONNREFUSED/);
  });

  it('says "parse-error" with the offending line for garbled output, and stores nothing of that poll', async () => {
    const node = await addSimNode('garbled-node', 1);
    expect((await collectNode(deps, node.id)).ok).toBe(true);
    const snapsBefore = await t.db.select().from(snapshots).where(eq(snapshots.nodeId, node.id));
    await fleet.setFault(1, 'garbled');
    try {
      const r = await collectNode(deps, node.id);
      expect(r).toMatchObject({ ok: false, health: 'parse-error' });
      expect(!r.ok && r.errorLine).toMatch(/12x45|\dx\d/);
      const poll = await findPollState(t.db, node.id);
      expect(poll!.lastErrorLine).toBe(!r.ok ? r.errorLine : '');
      expect(await t.db.select().from(snapshots).where(eq(snapshots.nodeId, node.id))).toEqual(snapsBefore);
    } finally {
      await fleet.setFault(1, null);
    }
  });

  it('times out a hung command without holding up a healthy node polled at the same time', async () => {
    const hung = await addSimNode('hung-node', 2);
    const healthy = await addSimNode('busy-node', 0);
    await fleet.setFault(2, 'hang');
    try {
      const started = Date.now();
      const [a, b] = await Promise.all([collectNode(deps, hung.id), collectNode(deps, healthy.id).then((r) => ({ r, at: Date.now() - started }))]);
      expect(a).toMatchObject({ ok: false, health: 'timeout' });
      expect(b.r.ok).toBe(true);
      expect(b.at).toBeLessThan(1500);
    } finally {
      await fleet.setFault(2, null);
    }
    // The hung connection was dropped: the next poll reconnects and succeeds.
    expect((await collectNode(deps, hung.id)).ok).toBe(true);
  });

  it('marks containers that vanished from vzlist as no longer present', async () => {
    const node = await addSimNode('shrink-node', 0);
    await collectNode(deps, node.id);
    await t.db.insert(containers).values({ nodeId: node.id, ctId: '999', status: 'running', lastSeenAt: new Date(0) });
    await collectNode(deps, node.id);
    const [gone] = await t.db.select().from(containers).where(eq(containers.ctId, '999'));
    expect(gone!.present).toBe(false);
    expect((await listContainersOfNode(t.db, node.id)).some((c) => c.ctId === '999')).toBe(false);
  });
});

describe('reconnect backoff', () => {
  it('repeats the last connect error without a new handshake until the backoff has passed, unless a person retries', async () => {
    const t = await createTestDb('pglite');
    const probe = net.createServer();
    const port = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as net.AddressInfo).port)));
    probe.close();
    let now = 1_000_000;
    const pool = new SshPool({ connectTimeoutMs: 1000, now: () => now, random: () => 0, backoff: { baseMs: 10_000, maxMs: 60_000 } });
    const deps: CollectorDeps = { db: t.db, ssh: pool, clock: () => new Date(now), secret, commandTimeoutMs: 1000 };
    try {
      const node = await insertNode(t.db, { name: 'flappy', host: '127.0.0.1', port, authMethod: 'agent', hostKeyFingerprint: 'SHA256:' + 'a'.repeat(43) }, secret);
      const d = { ...deps, agentSocket: '/nonexistent.sock' };
      expect(await collectNode(d, node.id)).toMatchObject({ health: 'unreachable' });
      expect(pool.connectsStarted).toBe(1);
      now += 4_000; // backoff after one failure: 5 s with random() = 0
      expect(await collectNode(d, node.id)).toMatchObject({ health: 'unreachable' });
      expect(pool.connectsStarted).toBe(1);
      expect(await collectNode(d, node.id, { retryNow: true })).toMatchObject({ health: 'unreachable' });
      expect(pool.connectsStarted).toBe(2);
      now += 60_000;
      await collectNode(d, node.id);
      expect(pool.connectsStarted).toBe(3);
    } finally {
      pool.closeAll();
      await t.drop();
    }
  });
});

describe('fast and full polls', () => {
  it('reads quotas, config and CPU power every Nth poll and carries them over in between', async () => {
    const t = await createTestDb('pglite');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-fast-'));
    const fleet = await startSimFleet({ nodes: 1, basePort: 0, dataDir: dir, ctsPerNode: 3, seed: 3 });
    const pool = new SshPool({ connectTimeoutMs: 3000 });
    const latest = new Map();
    const deps: CollectorDeps = { db: t.db, ssh: pool, clock: () => new Date(), secret, commandTimeoutMs: 3000, latest, fullEvery: 3 };
    try {
      const sim = fleet.nodes[0]!;
      const node = await insertNode(t.db, { name: 'f', host: sim.host, port: sim.port, authMethod: 'key-file', keyFile: fleet.clientKeyPath!, hostKeyFingerprint: sim.hostKeyFingerprint }, secret);
      const kinds: boolean[] = [];
      const lastSeen: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await collectNode(deps, node.id);
        expect(r.ok).toBe(true);
        const rows = await t.db.select({ lastSeenAt: containers.lastSeenAt }).from(containers).where(eq(containers.nodeId, node.id));
        lastSeen.push(Math.max(...rows.map((c) => c.lastSeenAt.getTime())));
        if (r.ok) {
          kinds.push(r.snapshot.full !== false);
          expect(r.snapshot.cpu?.nodePower).toBeGreaterThan(0);
          expect(r.snapshot.containers.every((c) => c.hostname !== null)).toBe(true);
          // Kept until the next poll as the stored bytes, read back as the same rows.
          expect(latest.get(node.id).snapshot.beancounters).toEqual(r.snapshot.beancounters);
          expect(latest.get(node.id).snapshot.containers).toBe(r.snapshot.containers);
        }
      }
      // The first full poll starts the node's cycle at its phase: its next full poll comes after
      // 3 − phase fast ones, and then every 3rd.
      const nextFull = 3 - fullPollPhase(node.id, 3);
      expect(kinds).toEqual(kinds.map((_, i) => i === 0 || (i >= nextFull && (i - nextFull) % 3 === 0)));
      expect(kinds.filter((k) => !k).length).toBeGreaterThan(0);
      // "Collect now" reads everything even right after a full poll, when the next would be fast.
      for (let i = 0; i < 3; i++) {
        const r = await collectNode(deps, node.id);
        if (r.ok && r.snapshot.full !== false) break;
      }
      expect(latest.get(node.id).pollsSinceFull).toBe(0);
      const asked = await collectNode(deps, node.id, { retryNow: true, full: true });
      expect(asked.ok && asked.snapshot.full).toBe(true);
      const next = await collectNode(deps, node.id);
      expect(next.ok && next.snapshot.full).toBe(false);
      // Polls leave unchanged container rows alone (a present CT is "seen" at its snapshot's time).
      expect(new Set(lastSeen).size).toBe(1);
      const cts = await listContainersOfNode(t.db, node.id);
      expect(cts).toHaveLength(3);
      expect(cts.every((c) => c.hostname?.endsWith('.example.com'))).toBe(true);
    } finally {
      pool.closeAll();
      await fleet.stop();
      await t.drop();
    }
  });
});

describe('fullPollPhase', () => {
  it('spreads the fleet over the cycle of full polls, and is 0 when every poll is full', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((id) => fullPollPhase(id, 4))).toEqual([1, 2, 3, 0, 1, 2, 3, 0]);
    const perPhase = [0, 0, 0, 0];
    for (let id = 1; id <= 1000; id++) perPhase[fullPollPhase(id, 4)]!++;
    expect(perPhase).toEqual([250, 250, 250, 250]);
    expect(fullPollPhase(7, 1)).toBe(0);
  });
});
