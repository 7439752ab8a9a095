import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../../db/test-databases';
import type { SimContainer } from '../../sim/world/model';
import { runPrechecks } from './gather';
import { MigrationRunner } from './runner';
import { findEventsAfter, findJob } from './store';
import { startMigrationWorld, type MigrationWorld } from './test-setup';

describe.each(TEST_ENGINES)('OpenVZ 7 migrations (prlctl migrate) against simulated OpenVZ 7 nodes on %s', (engine) => {
  let w: MigrationWorld;
  let runner: MigrationRunner;
  const simCt = (i: number, pick: (c: SimContainer) => boolean) => w.fleet.nodes[i]!.model.containers.find(pick)!;
  const on = (i: number, ctid: string) => w.fleet.nodes[i]!.model.containers.find((c) => c.ctid === ctid);
  const settle = async (id: string) => {
    const until = Date.now() + 20_000;
    for (;;) {
      await runner.idle();
      const job = (await findJob(w.t.db, id))!;
      if (!['queued', 'running', 'reconciling'].includes(job.status) || Date.now() > until) return job;
      await new Promise((res) => setTimeout(res, 250));
      runner.kick();
    }
  };

  beforeAll(async () => {
    w = await startMigrationWorld(engine, { generation: 'vz7', seed: 29 });
    runner = new MigrationRunner(w.deps);
  }, 60_000);
  afterAll(async () => {
    runner?.stop();
    await w?.close();
  });

  it('pre-checks fit OpenVZ 7: ssh reach instead of vzmigrate --check-only, no module check, offline refused for a running CT', async () => {
    const ct = simCt(0, (c) => c.status === 'running' && !c.busy);
    const input = { ctId: ct.ctid, sourceNodeId: w.nodes[0]!.id, targetNodeId: w.nodes[1]!.id };
    const live = await runPrechecks(w.deps, { ...input, online: true });
    expect(live.checks.filter((c) => !c.ok)).toEqual([]);
    expect(live.checks.find((c) => c.id === 'ssh-to-target')!.reason).toMatch(/ssh BatchMode, as prlctl migrate does/);
    expect(live.checks.find((c) => c.id === 'cpt-modules')).toMatchObject({ ok: true, label: 'OpenVZ 7 migration (prlctl, CRIU)' });
    const offline = await runPrechecks(w.deps, { ...input, online: false });
    expect(offline.checks.find((c) => c.id === 'ct-state')).toMatchObject({ ok: false, reason: expect.stringContaining('no offline mode') });
  });

  it('a live migration: prlctl\'s lines as phases, succeeded without a freeze time (prlctl reports none), CT running on the target', async () => {
    const ct = simCt(0, (c) => c.status === 'running' && !c.busy);
    const job = await runner.enqueue({ ctId: ct.ctid, sourceNodeId: w.nodes[0]!.id, targetNodeId: w.nodes[1]!.id, online: true, requestedBy: 'test' });
    const done = await settle(job.id);
    expect(done).toMatchObject({ status: 'succeeded', exitCode: 0, error: null, freezeSeconds: null, warnings: [] });
    const events = await findEventsAfter(w.t.db, job.id, 0);
    expect(events.find((e) => e.kind === 'line' && e.text.startsWith('$ '))!.text).toBe(`$ prlctl migrate ${ct.ctid} ${w.nodes[1]!.host} --ssh="-p ${w.nodes[1]!.port}" --verbose 1`);
    expect(events.filter((e) => e.kind === 'phase').map((e) => e.text)).toEqual([
      `Migrate the CT ${ct.name ?? ct.ctid} on ${w.nodes[1]!.host}  ()`,
      'Migration started.',
      'Migration finished.',
      'The CT has been successfully migrated.',
    ]);
    expect(on(0, ct.ctid)).toBeUndefined();
    expect(on(1, ct.ctid)?.status).toBe('running');
    expect(done.log).toContain('The CT has been successfully migrated.');
  });

  it('a refusal (CT id taken on the target): failed with the dispatcher\'s words, the CT still running on the source', async () => {
    const ct = simCt(2, (c) => c.status === 'running' && !c.busy);
    const twin = { ...ct };
    w.fleet.nodes[1]!.model.containers.push(twin);
    try {
      const job = await runner.enqueue({ ctId: ct.ctid, sourceNodeId: w.nodes[2]!.id, targetNodeId: w.nodes[1]!.id, online: true, requestedBy: 'test', overrideReason: 'testing' });
      const done = await settle(job.id);
      expect(done).toMatchObject({
        status: 'failed',
        exitCode: 255,
        error: `Failed to migrate the Container. The Container with ID "${ct.ctid}" already exists. To solve the problem, specify a new ID or name for the Container.`,
      });
      expect(on(2, ct.ctid)?.status).toBe('running');
    } finally {
      const target = w.fleet.nodes[1]!.model.containers;
      target.splice(target.indexOf(twin), 1);
    }
  });
});
