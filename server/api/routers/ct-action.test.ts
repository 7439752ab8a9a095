import { randomUUID } from 'node:crypto';
import { and, asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containers, ctActionJobs } from '../../../db/schema';
import { auditLog } from '../../../db/schema-auth';
import { TEST_ENGINES } from '../../../db/test-databases';
import type { CtActionDeps } from '../../ct-actions/deps';
import { CtActionRunner } from '../../ct-actions/runner';
import { startMigrationWorld, type MigrationWorld } from '../../migration/test-setup';
import { createTestServices } from '../../test-services';
import { createCaller } from '../root';

/** A tracked() event arrives as its [id, data] envelope. */
const text = (e: unknown) => {
  const d = (Array.isArray(e) ? e[1] : e) as { kind: string; text: string };
  return `${d.kind}:${d.text}`;
};

describe.each(TEST_ENGINES)('CT actions and processes against simulated nodes over SSH on %s', (engine) => {
  let w: MigrationWorld;
  let deps: CtActionDeps;
  let runner: CtActionRunner;
  let admin: ReturnType<typeof createCaller>;
  let operator: ReturnType<typeof createCaller>;
  let support: ReturnType<typeof createCaller>;
  const events = async (caller: ReturnType<typeof createCaller>, jobId: string) => {
    const seen: string[] = [];
    for await (const e of await caller.ctAction.onProgress({ jobId })) seen.push(text(e));
    return seen;
  };
  const dbStatus = async (nodeId: number, ctId: string) => (await w.t.db.select({ s: containers.status }).from(containers).where(and(eq(containers.nodeId, nodeId), eq(containers.ctId, ctId))))[0]?.s;

  beforeAll(async () => {
    // Seed 1 makes node 0 legacy and node 1 OpenVZ 7 (asserted below), so both tools run for real.
    w = await startMigrationWorld(engine, { nodes: 2, ctsPerNode: 12, seed: 1, generation: 'mixed' });
    deps = { db: w.t.db, ssh: w.deps.ssh, clock: w.deps.clock, secret: w.deps.secret, commandTimeoutMs: 5000, latest: w.deps.latest, owner: 'test-owner' };
    runner = new CtActionRunner(deps);
    const services = createTestServices(w.t, { secret: w.deps.secret, connectTimeoutMs: 3000, commandTimeoutMs: 5000 }, { ssh: w.deps.ssh, clock: w.deps.clock, latest: w.deps.latest, ctActions: { runner, deps } });
    const as = (role: 'admin' | 'operator' | 'support') => createCaller({ services, headers: new Headers(), viewer: { kind: 'user', id: `test-${role}`, role, label: `${role}@test` } });
    admin = as('admin');
    operator = as('operator');
    support = as('support');
  }, 90_000);
  afterAll(async () => {
    runner?.stop();
    await runner?.idle();
    await w?.close();
  });

  it('legacy: an operator stops a running CT and starts it again; output streams, the state is read back, the page row follows, both are audited', async () => {
    expect(w.fleet.nodes[0]!.model.generation).toBe('legacy');
    const node = w.nodes[0]!;
    const ct = w.fleet.nodes[0]!.model.containers.find((c) => c.status === 'running')!;
    const options = await operator.ctAction.options({ nodeId: node.id, ctId: ct.ctid });
    expect(options).toMatchObject({ status: 'running', generation: 'legacy', checkpoint: true, allowed: ['stop', 'restart', 'suspend'] });

    const { jobId } = await operator.ctAction.run({ nodeId: node.id, ctId: ct.ctid, action: 'stop' });
    const seen = await events(operator, jobId);
    expect(seen).toEqual(['status:running', `line:$ vzctl stop ${ct.ctid}`, 'line:Stopping container ...', 'line:Container was stopped', 'line:Container is unmounted', 'status:succeeded']);
    await runner.idle();
    expect(await operator.ctAction.byId({ jobId })).toMatchObject({ status: 'succeeded', exitCode: 0, statusBefore: 'running', statusAfter: 'stopped', requestedBy: 'operator@test', hostname: ct.hostname });
    expect(ct.status).toBe('stopped');
    expect(await dbStatus(node.id, ct.ctid)).toBe('stopped');
    // Stopped: stop again is refused before anything runs, and says why.
    await expect(operator.ctAction.run({ nodeId: node.id, ctId: ct.ctid, action: 'stop' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/is stopped/) });

    const again = await admin.ctAction.run({ nodeId: node.id, ctId: ct.ctid, action: 'start' });
    expect((await events(admin, again.jobId)).at(-1)).toBe('status:succeeded');
    await runner.idle();
    expect(await dbStatus(node.id, ct.ctid)).toBe('running');
    const list = await support.ctAction.list({ nodeId: node.id, ctId: ct.ctid });
    expect(list.map((j) => [j.action, j.status])).toEqual([['start', 'succeeded'], ['stop', 'succeeded']]);
    expect(list[0]).not.toHaveProperty('log');
    const audit = await w.t.db.select().from(auditLog).where(like(auditLog.action, 'ct.%')).orderBy(asc(auditLog.id));
    expect(audit.map((a) => [a.action, a.target, a.result])).toEqual([['ct.stop', `ct/${ct.ctid}`, 'ok'], ['ct.stop', `ct/${ct.ctid}`, 'error'], ['ct.start', `ct/${ct.ctid}`, 'ok']]);
  });

  it('OpenVZ 7: prlctl suspends and resumes a CT; stop --fast kills it', async () => {
    expect(w.fleet.nodes[1]!.model.generation).toBe('vz7');
    const node = w.nodes[1]!;
    const ct = w.fleet.nodes[1]!.model.containers.find((c) => c.status === 'running')!;
    const s = await operator.ctAction.run({ nodeId: node.id, ctId: ct.ctid, action: 'suspend' });
    expect(await events(operator, s.jobId)).toEqual(['status:running', `line:$ prlctl suspend ${ct.ctid}`, 'line:Suspending the CT...', 'line:The CT has been successfully suspended.', 'status:succeeded']);
    await runner.idle();
    expect(await dbStatus(node.id, ct.ctid)).toBe('suspended');
    expect((await operator.ctAction.options({ nodeId: node.id, ctId: ct.ctid })).allowed).toEqual(['resume']);
    const r = await operator.ctAction.run({ nodeId: node.id, ctId: ct.ctid, action: 'resume' });
    expect((await events(operator, r.jobId)).at(-1)).toBe('status:succeeded');
    await runner.idle();
    const f = await operator.ctAction.run({ nodeId: node.id, ctId: ct.ctid, action: 'stop', fast: true });
    expect(await events(operator, f.jobId)).toContain('line:The CT has been forcibly stopped');
    await runner.idle();
    expect(ct.status).toBe('stopped');
  });

  it('a job left running by a dead process is reconciled from the CT\'s status: done if it got there, failed once too old; another instance\'s fresh job is left alone', async () => {
    const node = w.nodes[0]!;
    const cts = w.fleet.nodes[0]!.model.containers;
    const stopped = cts.find((c) => c.status === 'stopped')!;
    const [running, other] = cts.filter((c) => c.status === 'running');
    const orphan = (ctId: string, minutesAgo: number) => ({ id: randomUUID(), nodeId: node.id, nodeName: node.name, ctId, action: 'stop' as const, status: 'running' as const, command: `vzctl stop ${ctId}`, requestedBy: 'x', owner: 'dead', createdAt: new Date(Date.now() - minutesAgo * 60_000) });
    const done = orphan(stopped.ctid, 3);
    const stale = orphan(running!.ctid, 60);
    const fresh = orphan(other!.ctid, 0);
    await w.t.db.insert(ctActionJobs).values([done, stale, fresh]);
    runner.sweep();
    await runner.idle();
    expect(await operator.ctAction.byId({ jobId: done.id })).toMatchObject({ status: 'succeeded-with-warnings', statusAfter: 'stopped' });
    expect(await operator.ctAction.byId({ jobId: stale.id })).toMatchObject({ status: 'failed', error: expect.stringMatching(/could not be verified/) });
    expect(await operator.ctAction.byId({ jobId: fresh.id })).toMatchObject({ status: 'running' });
    await w.t.db.update(ctActionJobs).set({ status: 'failed' }).where(eq(ctActionJobs.id, fresh.id));
  });

  it('what a node prints is bounded: past the live-line limit one marker, the log keeps head and tail', async () => {
    const node = w.nodes[0]!;
    const ct = w.fleet.nodes[0]!.model.containers.find((c) => c.status === 'running')!;
    deps.outputLimits = { eventLines: 2, logHeadChars: 20, logTailChars: 20 };
    try {
      const { jobId } = await operator.ctAction.run({ nodeId: node.id, ctId: ct.ctid, action: 'restart' });
      const seen = await events(operator, jobId);
      await runner.idle();
      expect(seen.filter((e) => e.startsWith('line:') && !e.startsWith('line:$')).map((e) => e.slice(5))).toEqual(['Restarting container', 'Stopping container ...', expect.stringMatching(/^\[vzfleet\] more than 2 lines/)]);
      expect(seen.at(-1)).toBe('status:succeeded');
      const job = await operator.ctAction.byId({ jobId });
      expect(job!.log).toMatch(/^Restarting container\n\[vzfleet\] \d+ characters of output left out here\n.*in progress\.\.\.\n$/);
      expect(job!.log.length).toBeLessThan(120);
    } finally {
      deps.outputLimits = undefined;
    }
  });

  it('one active action per CT: the database refuses a second running job', async () => {
    const node = w.nodes[0]!;
    const ct = w.fleet.nodes[0]!.model.containers.find((c) => c.status === 'running')!;
    const row = { nodeId: node.id, nodeName: node.name, ctId: ct.ctid, action: 'stop' as const, status: 'running' as const, command: 'x', requestedBy: 'x', owner: 'test-owner', createdAt: new Date() };
    await w.t.db.insert(ctActionJobs).values({ ...row, id: randomUUID() });
    await expect(operator.ctAction.run({ nodeId: node.id, ctId: ct.ctid, action: 'stop' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already has an action running/) });
    await w.t.db.update(ctActionJobs).set({ status: 'failed' }).where(eq(ctActionJobs.ctId, ct.ctid));
  });

  it('support reads the top processes of a CT (vzps on the node); a stopped CT has none', async () => {
    const node = w.nodes[0]!;
    const model = w.fleet.nodes[0]!.model;
    const running = model.containers.find((c) => c.status === 'running')!;
    const top = await support.ctProcess.top({ nodeId: node.id, ctId: running.ctid });
    expect(top.count).toBeGreaterThan(0);
    expect(top.byMemory.length).toBeLessThanOrEqual(15);
    const rss = top.byMemory.map((p) => p.rssKb);
    expect(rss).toEqual([...rss].sort((a, b) => b - a));
    const cpu = top.byCpu.map((p) => p.cpuPercent);
    expect(cpu).toEqual([...cpu].sort((a, b) => b - a));
    const stopped = model.containers.find((c) => c.status === 'stopped')!;
    expect(await support.ctProcess.top({ nodeId: node.id, ctId: stopped.ctid })).toMatchObject({ count: 0, byMemory: [], byCpu: [] });
  });
});
