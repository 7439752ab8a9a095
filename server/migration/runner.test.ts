import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { containers } from '../../db/schema';
import { TEST_ENGINES } from '../../db/test-databases';
import { run } from '../../sim/ssh/test-client';
import { buildVzmigrate } from '../ssh/commands';
import { computeTargets, runPrechecks } from './gather';
import { MigrationRunner } from './runner';
import { findEventsAfter, findJob, insertJob } from './store';
import { startMigrationWorld, type MigrationWorld } from './test-setup';
import { readFileSync } from 'node:fs';
import type { SimHost } from '../../sim/world/directory';
import type { SimContainer } from '../../sim/world/model';

describe.each(TEST_ENGINES)('migration jobs against the simulated fleet on %s', (engine) => {
  let w: MigrationWorld;
  let runner: MigrationRunner;
  const simCt = (i: number, pick: (c: SimContainer) => boolean) => w.fleet.nodes[i]!.model.containers.find(pick)!;
  const where = (ctId: number) => w.fleet.nodes.findIndex((n) => n.model.containers.some((c) => c.ctId === ctId));
  const start = async (ctId: number, from: number, to: number, online = true) =>
    runner.enqueue({ ctId: String(ctId), sourceNodeId: w.nodes[from]!.id, targetNodeId: w.nodes[to]!.id, online, requestedBy: 'test' });
  /** Waits for the job's end, reconciling included (a node may come back only after its backoff). */
  const settle = async (id: string, r = runner) => {
    const until = Date.now() + 20_000;
    for (;;) {
      await r.idle();
      const job = (await findJob(w.t.db, id))!;
      if (!['queued', 'running', 'reconciling'].includes(job.status) || Date.now() > until) return job;
      await new Promise((res) => setTimeout(res, 250));
      r.kick();
    }
  };

  beforeAll(async () => {
    w = await startMigrationWorld(engine);
    runner = new MigrationRunner(w.deps);
  }, 60_000);
  afterAll(async () => {
    runner?.stop();
    await w?.close();
  });

  it('ranks targets and passes every pre-check for a running CT', async () => {
    const ct = simCt(0, (c) => c.status === 'running' && !c.busy);
    const targets = await computeTargets(w.deps, { ctId: String(ct.ctId), nodeId: w.nodes[0]!.id, online: true });
    expect(targets.map((t) => t.nodeId).sort()).toEqual([w.nodes[1]!.id, w.nodes[2]!.id].sort());
    expect(targets[0]!.target.after.mem).toBeGreaterThan(targets[0]!.target.before.mem);
    expect(targets[0]!.source.after.mem).toBeLessThan(targets[0]!.source.before.mem);
    expect(targets[0]!.diskFreeKb).toBeGreaterThan(0);
    const pre = await runPrechecks(w.deps, { ctId: String(ct.ctId), sourceNodeId: w.nodes[0]!.id, targetNodeId: w.nodes[1]!.id, online: true });
    expect(pre.checks.filter((c) => !c.ok)).toEqual([]);
    expect(pre.passed).toBe(true);
  });

  it('pre-checks fail with reasons: CPT modules, disk, CT id taken, stopped CT online', async () => {
    const ct = simCt(0, (c) => c.status === 'running' && !c.busy);
    const stopped = simCt(0, (c) => c.status === 'stopped');
    const dst = w.fleet.nodes[1]!;
    dst.cptLoaded = false;
    const size = dst.vzDiskKb;
    dst.vzDiskKb = 1024;
    try {
      const pre = await runPrechecks(w.deps, { ctId: String(ct.ctId), sourceNodeId: w.nodes[0]!.id, targetNodeId: w.nodes[1]!.id, online: true });
      const failed = Object.fromEntries(pre.checks.filter((c) => !c.ok).map((c) => [c.id, c.reason]));
      expect(failed['cpt-modules']).toBe(`vzcpt/vzrst not loaded on ${dst.name}`);
      expect(failed.disk).toMatch(/^0 MiB free/);
      expect(pre.passed).toBe(false);
    } finally {
      dst.cptLoaded = true;
      dst.vzDiskKb = size;
    }
    const taken = simCt(1, () => true);
    const pre2 = await runPrechecks(w.deps, { ctId: String(taken.ctId), sourceNodeId: w.nodes[1]!.id, targetNodeId: w.nodes[1]!.id, online: false });
    expect(pre2.checks.find((c) => c.id === 'ct-id-free')).toMatchObject({ ok: false, reason: `CT ${taken.ctId} already exists on ${dst.name}` });
    const pre3 = await runPrechecks(w.deps, { ctId: String(stopped.ctId), sourceNodeId: w.nodes[0]!.id, targetNodeId: w.nodes[2]!.id, online: true });
    expect(pre3.checks.find((c) => c.id === 'ct-state')).toMatchObject({ ok: false, reason: expect.stringContaining('stopped') });
  });

  it('a live migration: phases as events, succeeded with the freeze time, CT on the target, inventory moved at once', async () => {
    const ct = simCt(0, (c) => c.status === 'running' && !c.busy);
    // What the collector stored of the owner's free text: it moves with the row.
    const text = { name: 'Магазин "Ромашка"', description: 'tab\there <b>x</b>', fieldsRaw: { hostname: 'f3c5d2' }, fieldsUnreadable: null };
    await w.t.db.update(containers).set(text).where(and(eq(containers.nodeId, w.nodes[0]!.id), eq(containers.ctId, String(ct.ctId))));
    const job = await start(ct.ctId, 0, 1);
    expect(job.status).toBe('queued');
    const done = await settle(job.id);
    expect(done).toMatchObject({ status: 'succeeded', error: null, exitCode: 0 });
    expect(done.freezeSeconds).toBeGreaterThan(0);
    expect(where(ct.ctId)).toBe(1);
    const events = await findEventsAfter(w.t.db, job.id, 0);
    expect(events.filter((e) => e.kind === 'phase').map((e) => e.text)).toEqual([
      `Locked CT ${ct.ctId}`, `Starting live migration of CT ${ct.ctId} to 127.0.0.1`, 'Preparing remote node', 'Initializing remote quota', 'Syncing private', 'Live migrating container...', 'Syncing 2nd level quota', 'Cleaning up',
    ]);
    expect(events.at(-1)).toMatchObject({ kind: 'status', text: 'succeeded' });
    expect(done.log).toContain('Total suspended time');
    const rows = await w.t.db.select().from(containers).where(eq(containers.ctId, String(ct.ctId)));
    expect(rows.filter((r) => r.present).map((r) => r.nodeId)).toEqual([w.nodes[1]!.id]);
    const moved = rows.find((r) => r.present)!;
    expect({ name: moved.name, description: moved.description, fieldsRaw: moved.fieldsRaw, fieldsUnreadable: moved.fieldsUnreadable }).toEqual(text);
  });

  it('waits out a short lock (a pre-check\'s vzmigrate --check-only still running) instead of failing the move', async () => {
    const ct = simCt(0, (c) => c.status === 'running' && !c.busy);
    const locks = (w.fleet.nodes[0] as unknown as SimHost).locks;
    locks.set(ct.ctId, { pid: 4242, command: '/bin/sh /usr/sbin/vzmigrate --check-only 127.0.0.1 ' + ct.ctId, sinceEpochMs: Date.now() });
    const release = setTimeout(() => locks.delete(ct.ctId), 3_000);
    try {
      const done = await settle((await start(ct.ctId, 0, 1)).id);
      expect(done).toMatchObject({ status: 'succeeded', exitCode: 0 });
      expect(done.log).toContain(`CT ${ct.ctId} already locked by PID 4242`);
      expect(where(ct.ctId)).toBe(1);
    } finally {
      clearTimeout(release);
      locks.delete(ct.ctId);
    }
  });

  it.each([
    ['CPT module missing on the target', (dst: number) => { w.fleet.nodes[dst]!.cptLoaded = false; }, (dst: number) => { w.fleet.nodes[dst]!.cptLoaded = true; }, "vzrst module is not loaded on the destination node — Can't continue live migration"],
    ['rsync connection lost', (dst: number) => w.fleet.setFault(dst, 'migrate-fail-copy'), (dst: number) => w.fleet.setFault(dst, null), 'Failed to sync container private areas'],
    ['disk full on the target', (dst: number) => { w.fleet.nodes[dst]!.vzDiskKb = 1; }, (dst: number) => { w.fleet.nodes[dst]!.vzDiskKb = 500 * 1024 * 1024; }, 'Failed to sync container private areas'],
    ['target refuses SSH', (dst: number) => w.fleet.setFault(dst, 'auth-refused'), (dst: number) => w.fleet.setFault(dst, null), "Can't connect to destination address using public key — Please put your public key to destination node"],
  ] as const)('vzmigrate failure (%s) → failed with its message, CT still on the source and running (verified)', async (_name, breakIt, fixIt, message) => {
    const ct = simCt(2, (c) => c.status === 'running' && !c.busy);
    await breakIt(1);
    let id = '';
    try {
      id = (await start(ct.ctId, 2, 1)).id;
      await runner.idle();
    } finally {
      await fixIt(1);
    }
    // With the target refusing everyone, vzfleet cannot verify it either: the job waits in
    // "reconciling" until the node answers again, then ends.
    const done = await settle(id);
    expect(done).toMatchObject({ status: 'failed', error: message });
    expect(where(ct.ctId)).toBe(2);
    expect(ct.status).toBe('running');
    const last = (await findEventsAfter(w.t.db, done.id, 0)).at(-1)!;
    expect(last.data).toMatchObject({ verified: `CT ${ct.ctId} is still on ${w.nodes[2]!.name}, running (verified with vzlist)` });
  });

  it('cancel of a running job: the session closes, CT verified on the source → cancelled', async () => {
    const ct = simCt(2, (c) => c.status === 'running' && !c.busy);
    ct.diskspace.usage = 200_000_000; // long rsync: seconds at this time scale
    const job = await start(ct.ctId, 2, 0);
    await new Promise((r) => setTimeout(r, 400));
    const mid = (await findJob(w.t.db, job.id))!;
    if (mid.status !== 'running') console.log('DEBUG', JSON.stringify(mid), JSON.stringify(await findEventsAfter(w.t.db, job.id, 0)));
    expect(mid.status).toBe('running');
    expect(await runner.cancel(job.id)).toBe(true);
    const done = (await findJob(w.t.db, job.id))!;
    expect(done.status).toBe('cancelled');
    expect(where(ct.ctId)).toBe(2);
    ct.diskspace.usage = 1_000_000;
  });

  it('a restart during a migration: the job left "running" by a dead process is reconciled from vzlist', async () => {
    // The "dead process": a session that started vzmigrate, recorded the job as running, and vanished.
    // The test's own runner must not see the orphan: a pump of it still under way (the cancel
    // above kicks one) would adopt the job, and a live owner's job is not the fresh runner's to settle.
    await runner.idle();
    const ct = simCt(2, (c) => c.status === 'running' && !c.busy);
    ct.diskspace.usage = 60_000_000;
    const key = readFileSync(w.fleet.clientKeyPath!, 'utf8');
    const job = await insertJob(w.t.db, {
      id: 'restart-1', ctId: String(ct.ctId), sourceNodeId: w.nodes[2]!.id, targetNodeId: w.nodes[0]!.id, sourceName: w.nodes[2]!.name, targetName: w.nodes[0]!.name,
      online: true, status: 'running', requestedBy: 'test', owner: 'dead', createdAt: new Date(), startedAt: new Date(),
    });
    const dying = run(w.fleet.nodes[2]!, key, buildVzmigrate({ targetHost: w.nodes[0]!.host, targetPort: w.nodes[0]!.port, ctId: job.ctId, online: true }));
    await new Promise((r) => setTimeout(r, 300));
    await w.fleet.nodes[2]!.setFault('refuse'); // closes its connections: the session dies with the process
    await dying.catch(() => null);
    await w.fleet.nodes[2]!.setFault(null);
    const fresh = new MigrationRunner(w.freshDeps());
    fresh.kick();
    const done = await settle(job.id, fresh);
    // The orphaned vzmigrate held the CT's lock and went on: the job waits for it, then tells where the CT is.
    const at = where(ct.ctId);
    expect(done.status).toBe(at === 0 ? 'succeeded-with-warnings' : 'failed');
    expect(at === 0 ? done.warnings.join() : done.error).toContain('lost the session');
    ct.diskspace.usage = 1_000_000;
  });

  it('a job that finished on the target while vzfleet was down is reconciled as succeeded with a warning', async () => {
    await runner.idle();
    // Not the CT an orphaned vzmigrate of the previous test may still hold.
    const ct = simCt(2, (c) => c.status === 'running' && !c.busy && !(w.fleet.nodes[2] as unknown as SimHost).locks.has(c.ctId));
    const key = readFileSync(w.fleet.clientKeyPath!, 'utf8');
    const job = await insertJob(w.t.db, {
      id: 'restart-2', ctId: String(ct.ctId), sourceNodeId: w.nodes[2]!.id, targetNodeId: w.nodes[0]!.id, sourceName: w.nodes[2]!.name, targetName: w.nodes[0]!.name,
      online: true, status: 'running', requestedBy: 'test', owner: 'dead', createdAt: new Date(), startedAt: new Date(),
    });
    expect((await run(w.fleet.nodes[2]!, key, buildVzmigrate({ targetHost: w.nodes[0]!.host, targetPort: w.nodes[0]!.port, ctId: job.ctId, online: true }))).code).toBe(0);
    const fresh = new MigrationRunner(w.freshDeps());
    fresh.kick();
    await fresh.idle();
    const done = (await findJob(w.t.db, job.id))!;
    expect(done.status).toBe('succeeded-with-warnings');
    expect(done.warnings.join()).toContain('lost the session');
    expect(where(ct.ctId)).toBe(0);
  });
});
