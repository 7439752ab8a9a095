import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationJobs, migrationRunners } from '../../db/schema';
import { eq } from 'drizzle-orm';
import { MigrationRunner } from './runner';
import { adoptJob, beatMigrationOwner, findLiveMigrationOwners, mayReconcile, MIGRATION_OWNER_TTL_MS } from './ownership';
import { findEventsAfter, findJob, insertJob } from './store';
import { startMigrationWorld, type MigrationWorld } from './test-setup';

describe('mayReconcile', () => {
  it('takes own and ownerless jobs and those of dead owners, never a live other owner\'s', () => {
    const live = new Set(['a', 'b']);
    expect(mayReconcile({ owner: 'a' }, 'a', live)).toBe(true);
    expect(mayReconcile({ owner: null }, 'a', live)).toBe(true);
    expect(mayReconcile({ owner: 'gone' }, 'a', live)).toBe(true);
    expect(mayReconcile({ owner: 'b' }, 'a', live)).toBe(false);
  });
});

describe('two migration runners on one Postgres', () => {
  let w: MigrationWorld;
  const runners: MigrationRunner[] = [];
  const runner = (deps = w.freshDeps()) => {
    const r = new MigrationRunner(deps);
    runners.push(r);
    return r;
  };
  const statuses = async (jobId: string) => (await findEventsAfter(w.t.db, jobId, 0)).filter((e) => e.kind === 'status').map((e) => e.text);
  const orphanCandidate = (id: string, owner: string, node = 1) =>
    insertJob(w.t.db, {
      id, ctId: String(w.fleet.nodes[node]!.model.containers.find((c) => c.status === 'running' && !c.busy)!.ctId),
      sourceNodeId: w.nodes[node]!.id, targetNodeId: w.nodes[0]!.id, sourceName: w.nodes[node]!.name, targetName: w.nodes[0]!.name,
      online: true, status: 'running', requestedBy: 'test', owner, createdAt: new Date(), startedAt: new Date(),
    });

  beforeAll(async () => {
    w = await startMigrationWorld('postgres');
  }, 60_000);
  afterAll(async () => {
    for (const r of runners) r.stop();
    await w?.close();
  });

  it('a live owner\'s running job is left alone by the other runner; once its heartbeat is stale it is adopted and reconciled', async () => {
    const other = runner();
    await beatMigrationOwner(w.t.db, 'instance-a', new Date());
    const job = await orphanCandidate('owned-1', 'instance-a');
    other.kick();
    await other.idle();
    const untouched = (await findJob(w.t.db, job.id))!;
    expect(untouched.status).toBe('running');
    expect(untouched.owner).toBe('instance-a');
    expect(await statuses(job.id)).not.toContain('reconciling');

    // instance-a stops beating: after the TTL its job is an orphan.
    await w.t.db.update(migrationRunners).set({ heartbeatAt: new Date(Date.now() - MIGRATION_OWNER_TTL_MS - 1000) }).where(eq(migrationRunners.owner, 'instance-a'));
    other.kick();
    await other.idle();
    const adopted = (await findJob(w.t.db, job.id))!;
    expect(adopted.owner).not.toBe('instance-a');
    // No vzmigrate ran and the CT is still on its source: reconciled as failed.
    expect(adopted.status).toBe('failed');
  });

  it('a migration running in one runner is not reconciled by the other pumping meanwhile', async () => {
    const a = runner(w.deps);
    const b = runner();
    const ct = w.fleet.nodes[2]!.model.containers.find((c) => c.status === 'running' && !c.busy)!;
    ct.diskspace.usage = 60_000_000; // a longer copy, so b pumps while a's session is open
    const job = await a.enqueue({ ctId: String(ct.ctId), sourceNodeId: w.nodes[2]!.id, targetNodeId: w.nodes[0]!.id, online: true, requestedBy: 'test' });
    const until = Date.now() + 20_000;
    let sawRunning = false;
    while (Date.now() < until) {
      const now = (await findJob(w.t.db, job.id))!;
      if (now.status === 'running') {
        sawRunning = true;
        b.kick();
        await b.idle();
      }
      if (!['queued', 'running'].includes(now.status)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await a.idle();
    const done = (await findJob(w.t.db, job.id))!;
    expect(sawRunning).toBe(true);
    expect(done.status).toBe('succeeded');
    expect(done.owner).toBe(w.deps.owner);
    expect(await statuses(job.id)).not.toContain('reconciling');
    ct.diskspace.usage = 1_000_000;
  });

  it('two runners that both saw an owner die: only one adopts its job', async () => {
    const job = await orphanCandidate('owned-2', 'instance-dead');
    const won = await Promise.all([adoptJob(w.t.db, job, 'runner-x'), adoptJob(w.t.db, job, 'runner-y')]);
    expect(won.filter(Boolean)).toHaveLength(1);
    const live = await findLiveMigrationOwners(w.t.db, new Date());
    expect(live.has('instance-dead')).toBe(false);
    await w.t.db.update(migrationJobs).set({ status: 'failed' }).where(eq(migrationJobs.id, job.id));
  });
});
