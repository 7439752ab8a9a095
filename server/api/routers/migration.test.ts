import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { asc, eq, inArray } from 'drizzle-orm';
import { failcntEvents, migrationJobs, migrationPlans } from '../../../db/schema';
import { auditLog } from '../../../db/schema-auth';
import { TEST_ENGINES } from '../../../db/test-databases';
import { DEFAULT_THRESHOLDS } from '../../migration/model';
import { MigrationRunner } from '../../migration/runner';
import { startMigrationWorld, type MigrationWorld } from '../../migration/test-setup';
import { createTestServices } from '../../test-services';
import { createCaller } from '../root';

describe.each(TEST_ENGINES)('migration router on %s', (engine) => {
  let w: MigrationWorld;
  let runner: MigrationRunner;
  let caller: ReturnType<typeof createCaller>;
  let operator: ReturnType<typeof createCaller>;
  /** A plan row as if the server had proposed it: what approval checks is the stored content itself. */
  const storePlan = async (moves: { ctId: string; fromNodeId: number; toNodeId: number; online: boolean }[], expiresAt = new Date(Date.now() + 60_000)) => {
    const c = { mem: 0, cpu: 0 };
    const plan = { moves: moves.map((m) => ({ ...m, source: { before: c, after: c }, target: { before: c, after: c } })), unplaced: [], maxBefore: c, maxAfter: c };
    const id = randomUUID();
    await w.t.db.insert(migrationPlans).values({ id, kind: 'rebalance', nodeId: null, status: 'proposed', plan, createdBy: 'test', createdAt: new Date(), expiresAt });
    return id;
  };
  const jobsOf = async (planId: string) => (await w.t.db.select().from(migrationJobs).where(eq(migrationJobs.planId, planId))).length;
  /** A tracked() event arrives as its [id, data] envelope. */
  const text = (e: unknown) => {
    const d = (Array.isArray(e) ? e[1] : e) as { kind: string; text: string };
    return `${d.kind}:${d.text}`;
  };
  const where = (ctId: number) => w.fleet.nodes.findIndex((n) => n.model.containers.some((c) => c.ctId === ctId));

  beforeAll(async () => {
    w = await startMigrationWorld(engine, { nodes: 4, ctsPerNode: 20, seed: 23 });
    // The simulated nodes of 20 CTs promise 150–170 % of RAM + swap already, as hosting nodes do:
    // the default limits, which a flat "90 % committed" never let this fleet reach.
    w.deps.thresholds = DEFAULT_THRESHOLDS;
    runner = new MigrationRunner(w.deps);
    const services = createTestServices(w.t, { secret: w.deps.secret, connectTimeoutMs: 3000, commandTimeoutMs: 5000 }, {
      ssh: w.deps.ssh, clock: w.deps.clock, latest: w.deps.latest, migrations: { runner, deps: w.deps },
    });
    caller = createCaller({ services, headers: new Headers(), viewer: { kind: 'user', id: 'test-admin', role: 'admin', label: 'admin@test' } });
    operator = createCaller({ services, headers: new Headers(), viewer: { kind: 'user', id: 'test-operator', role: 'operator', label: 'operator@test' } });
  }, 90_000);
  afterAll(async () => {
    runner?.stop();
    await runner?.idle();
    await w?.close();
  });

  it('start returns a job id at once; onProgress replays the same events to a late subscriber; list and byId show the outcome', async () => {
    const ct = w.fleet.nodes[1]!.model.containers.find((c) => c.status === 'running' && !c.busy)!;
    const targets = await caller.migration.targets({ ctId: String(ct.ctId), nodeId: w.nodes[1]!.id, online: true });
    expect(targets.length).toBe(3);
    const { jobId } = await caller.migration.start({ ctId: String(ct.ctId), sourceNodeId: w.nodes[1]!.id, targetNodeId: targets[0]!.nodeId, online: true });
    await expect(caller.migration.start({ ctId: String(ct.ctId), sourceNodeId: w.nodes[1]!.id, targetNodeId: targets[0]!.nodeId, online: true })).rejects.toMatchObject({ code: 'CONFLICT' });
    const seen: string[] = [];
    for await (const e of await caller.migration.onProgress({ jobId })) seen.push(text(e));
    expect(seen[0]).toBe('status:queued');
    expect(seen).toContain('phase:Live migrating container...');
    expect(seen.at(-1)).toBe('status:succeeded');
    // A second browser resuming after event 3 gets the rest, nothing twice.
    const resumed: string[] = [];
    for await (const e of await caller.migration.onProgress({ jobId, lastEventId: '3' })) resumed.push(text(e));
    expect(resumed).toEqual(seen.slice(3));
    const job = await caller.migration.byId({ jobId });
    expect(job).toMatchObject({ status: 'succeeded', ctId: String(ct.ctId), targetNodeId: targets[0]!.nodeId });
    expect(job!.freezeSeconds).toBeGreaterThan(0);
    expect((await caller.migration.list({ ctId: String(ct.ctId) })).map((j) => j.id)).toEqual([jobId]);
    expect(where(ct.ctId)).toBe(w.nodes.findIndex((n) => n.id === targets[0]!.nodeId));
    // One container across nodes: a failcnt event recorded on the source shows on the target's CT page.
    await w.t.db.insert(failcntEvents).values({ nodeId: w.nodes[1]!.id, ctId: String(ct.ctId), resource: 'numproc', at: new Date(job!.createdAt.getTime() - 1000), delta: 3, failcnt: 3, held: 10, maxheld: 12, barrier: 100, limit: 100 });
    const events = await caller.container.events({ nodeId: targets[0]!.nodeId, ctId: String(ct.ctId) });
    expect(events.map((e) => [e.resource, e.delta])).toContainEqual(['numproc', 3]);
    // ...but not the events of a different CT that happens to share the id on a node it never lived on.
    const other = w.nodes.find((n) => n.id !== targets[0]!.nodeId && n.id !== w.nodes[1]!.id)!;
    await w.t.db.insert(failcntEvents).values({ nodeId: other.id, ctId: String(ct.ctId), resource: 'kmemsize', at: new Date(), delta: 5, failcnt: 5, held: 10, maxheld: 12, barrier: 100, limit: 100 });
    expect((await caller.container.events({ nodeId: targets[0]!.nodeId, ctId: String(ct.ctId) })).map((e) => e.resource)).not.toContain('kmemsize');
  });

  it('failed pre-checks refuse the start (PRECONDITION_FAILED) unless an override with a reason is given', async () => {
    const stopped = w.fleet.nodes[2]!.model.containers.find((c) => c.status === 'stopped')!;
    const input = { ctId: String(stopped.ctId), sourceNodeId: w.nodes[2]!.id, targetNodeId: w.nodes[3]!.id, online: true };
    await expect(caller.migration.start(input)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringContaining('Container running') });
    await expect(caller.migration.start({ ...input, overrideReason: 'short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const { jobId } = await caller.migration.start({ ...input, overrideReason: 'customer asked, accepting the risk' });
    await runner.idle();
    // vzmigrate itself refuses a live migration of a stopped CT: failed, CT still on the source.
    expect(await caller.migration.byId({ jobId })).toMatchObject({ status: 'failed', error: "Can't perform live migration of a stopped container", overrideReason: 'customer asked, accepting the risk' });
    expect(where(stopped.ctId)).toBe(2);
    // Each try leaves the line its meta declares: refused (denied), a bad reason (generic, the input never parsed), started with the job id.
    const lines = await w.t.db.select().from(auditLog).where(inArray(auditLog.action, ['migration.start', 'migration.start.override'])).orderBy(asc(auditLog.id));
    expect(lines.slice(-3).map((l) => [l.action, l.target, l.result])).toEqual([
      ['migration.start', `ct/${stopped.ctId}`, 'denied'],
      ['migration.start', null, 'error'],
      ['migration.start.override', `ct/${stopped.ctId}`, 'ok'],
    ]);
    const [refused, badReason, started] = lines.slice(-3);
    expect(refused!.detail).toMatchObject({ error: expect.stringContaining('Container running') });
    expect(badReason!.detail).toMatchObject({ input: { overrideReason: 'short' }, error: 'BAD_REQUEST' });
    expect(started!.detail).toMatchObject({ from: input.sourceNodeId, to: input.targetNodeId, online: true, overrideReason: 'customer asked, accepting the risk', jobId });
  });

  it('approvePlan takes a stored plan by id: moves sent by the client are refused before anything runs', async () => {
    const ct = w.fleet.nodes[3]!.model.containers.find((c) => c.status === 'running' && !c.busy)!;
    const forged = { moves: [{ ctId: String(ct.ctId), fromNodeId: w.nodes[3]!.id, toNodeId: w.nodes[3]!.id, online: true }], unplaced: [], maxBefore: { mem: 0, cpu: 0 }, maxAfter: { mem: 0, cpu: 0 } };
    const before = (await w.t.db.select().from(migrationJobs)).length;
    await expect(operator.migration.approvePlan({ kind: 'rebalance', nodeId: null, plan: forged } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(operator.migration.approvePlan({ planId: randomUUID() })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await w.t.db.select().from(migrationJobs)).length).toBe(before);
  });

  it('each move of a stored plan passes the checks of start: not onto its own node, not into maintenance, not past failed pre-checks without an admin override', async () => {
    const running = w.fleet.nodes[3]!.model.containers.find((c) => c.status === 'running' && !c.busy)!;
    const stopped = w.fleet.nodes[3]!.model.containers.find((c) => c.status === 'stopped')!;
    const [n2, n3] = [w.nodes[2]!, w.nodes[3]!];
    const self = await storePlan([{ ctId: String(running.ctId), fromNodeId: n3.id, toNodeId: n3.id, online: true }]);
    await expect(operator.migration.approvePlan({ planId: self })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('same node') });
    await operator.migration.setMaintenance({ nodeId: n2.id, on: true });
    const intoMaintenance = await storePlan([{ ctId: String(running.ctId), fromNodeId: n3.id, toNodeId: n2.id, online: true }]);
    await expect(operator.migration.approvePlan({ planId: intoMaintenance })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('maintenance') });
    await operator.migration.setMaintenance({ nodeId: n2.id, on: false });
    // A stopped CT moved live fails the "Container running" pre-check.
    const failing = await storePlan([{ ctId: String(stopped.ctId), fromNodeId: n3.id, toNodeId: n2.id, online: true }]);
    await expect(operator.migration.approvePlan({ planId: failing })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringContaining('Container running') });
    await expect(operator.migration.approvePlan({ planId: failing, overrideReason: 'the operator insists on it' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringContaining('only an admin') });
    for (const id of [self, intoMaintenance, failing]) expect(await jobsOf(id)).toBe(0);
    expect((await w.t.db.select().from(migrationPlans).where(eq(migrationPlans.id, failing)))[0]!.status).toBe('proposed');
    // The admin's override runs it, and the job records why.
    const { jobIds } = await caller.migration.approvePlan({ planId: failing, overrideReason: 'customer asked, accepting the risk' });
    await runner.idle();
    expect(await caller.migration.byId({ jobId: jobIds[0]! })).toMatchObject({ overrideReason: 'customer asked, accepting the risk', planId: failing });
  });

  it('an expired proposal cannot be approved, and a proposal cannot be started through setPlanStatus', async () => {
    const ct = w.fleet.nodes[3]!.model.containers.find((c) => c.status === 'running' && !c.busy)!;
    const old = await storePlan([{ ctId: String(ct.ctId), fromNodeId: w.nodes[3]!.id, toNodeId: w.nodes[2]!.id, online: true }], new Date(Date.now() - 1000));
    await expect(operator.migration.approvePlan({ planId: old })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('expired') });
    const fresh = await storePlan([{ ctId: String(ct.ctId), fromNodeId: w.nodes[3]!.id, toNodeId: w.nodes[2]!.id, online: true }]);
    await expect(operator.migration.setPlanStatus({ planId: fresh, status: 'running' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await jobsOf(old)).toBe(0);
    expect(await jobsOf(fresh)).toBe(0);
    // Proposals are not in the list of plans; storing a new one drops the expired ones.
    expect((await caller.migration.plans()).map((p) => p.id)).not.toContain(fresh);
    await caller.migration.planRebalance({ maxMoves: 1 });
    expect(await w.t.db.select().from(migrationPlans).where(eq(migrationPlans.id, old))).toEqual([]);
  });

  it('a node claiming more RAM, swap and disk than its recorded capacity is placed by the recorded figures, and the target list and node page say so', async () => {
    const liar = w.fleet.nodes[2]!;
    const liarId = w.nodes[2]!.id;
    const ct = w.fleet.nodes[3]!.model.containers.find((c) => c.status === 'running' && !c.busy)!;
    const ask = async () => (await caller.migration.targets({ ctId: String(ct.ctId), nodeId: w.nodes[3]!.id, online: true })).find((t) => t.nodeId === liarId)!;
    const real = { mem: liar.model.memTotalKb, swap: liar.model.swapTotalKb, disk: liar.vzDiskKb };
    await w.collectAll();
    const honest = await ask();
    try {
      liar.model.memTotalKb *= 50;
      liar.model.swapTotalKb *= 50;
      liar.vzDiskKb *= 1000;
      await w.collectAll();
      const lying = await ask();
      // Believed as claimed, the lie makes the node look nearly empty.
      expect(lying.target.before.mem).toBeLessThan(honest.target.before.mem / 10);
      expect(lying.warnings).toEqual([]);
      await caller.node.setCapacity({ id: liarId, values: { ramBytes: real.mem * 1024, swapBytes: real.swap * 1024, vzDiskBytes: real.disk * 1024, cpuPower: null } });
      const checked = await ask();
      // Close, not equal: the simulated CTs' memory moves a little between two polls.
      expect(checked.target.before.mem).toBeCloseTo(honest.target.before.mem, 2);
      expect(checked.diskFreeKb).toBeLessThanOrEqual(real.disk);
      expect(checked.warnings).toEqual([
        'the node reports more RAM than its recorded capacity',
        'the node reports more swap than its recorded capacity',
        'the node reports more disk on /vz than its recorded capacity',
      ]);
      const page = await operator.node.capacity({ id: liarId });
      expect(page.recorded).toMatchObject({ ramBytes: real.mem * 1024, cpuPower: null, updatedBy: 'admin@test' });
      expect(page.warnings.map((x) => x.message)).toEqual(['the node reports more RAM than its recorded capacity', 'the node reports more swap than its recorded capacity']);
      await expect(operator.node.setCapacity({ id: liarId, values: { ramBytes: 1, swapBytes: null, vzDiskBytes: null, cpuPower: null } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      Object.assign(liar.model, { memTotalKb: real.mem, swapTotalKb: real.swap });
      liar.vzDiskKb = real.disk;
      await w.collectAll();
    }
    expect((await caller.node.capacity({ id: liarId })).warnings).toEqual([]);
  });

  it('evacuating a node of 20 containers: a plan over several targets within the thresholds, run as a queue; the node goes into maintenance', async () => {
    await w.collectAll();
    const source = w.nodes[0]!;
    const count = w.fleet.nodes[0]!.model.containers.length;
    for (const c of w.fleet.nodes[0]!.model.containers) c.diskspace.usage = Math.min(c.diskspace.usage, 2_000_000);
    expect(count).toBe(20);
    const plan = await caller.migration.planEvacuation({ nodeId: source.id });
    expect(plan.unplaced).toEqual([]);
    expect(plan.moves).toHaveLength(20);
    expect(new Set(plan.moves.map((m) => m.toNodeId)).size).toBeGreaterThan(1);
    for (const m of plan.moves) {
      expect(m.target.after.mem).toBeLessThanOrEqual(plan.limits.memPromise);
      expect(m.target.after.memInUse).toBeLessThanOrEqual(plan.limits.memInUse);
      expect(m.target.after.cpu).toBeLessThanOrEqual(plan.limits.cpuGuarantee);
    }
    const { planId, jobIds } = await caller.migration.approvePlan({ planId: plan.planId, concurrency: 3 });
    await expect(caller.migration.approvePlan({ planId: plan.planId })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await caller.migration.maintenance()).map((m) => m.nodeId)).toEqual([source.id]);
    runner.start();
    const until = Date.now() + 60_000;
    while (Date.now() < until && (await caller.migration.plans()).find((p) => p.id === planId)!.status !== 'done') await new Promise((r) => setTimeout(r, 300));
    runner.stop();
    const jobs = await Promise.all(jobIds.map((jobId) => caller.migration.byId({ jobId })));
    expect(jobs.map((j) => j!.status).filter((s) => s !== 'succeeded')).toEqual([]);
    expect(w.fleet.nodes[0]!.model.containers).toEqual([]);
  }, 120_000);
});
