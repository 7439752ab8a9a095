import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../../db/test-databases';
import { resolveSshTarget } from '../collector/collect-node';
import { buildVzmigrate } from '../ssh/commands';
import { nodePoolKey } from '../ssh/pool';
import { DEFAULT_OUTPUT_LIMITS } from '../node-jobs/bounded-output';
import { MigrationRunner } from './runner';
import { findEventsAfter, findJob } from './store';
import { startMigrationWorld, type MigrationWorld } from './test-setup';

/** A node taken over prints without end during a migration (the simulator's migrate-flood fault). */
describe.each(TEST_ENGINES)('a node that floods its migration output, on %s', (engine) => {
  let w: MigrationWorld;
  const limits = { ...DEFAULT_OUTPUT_LIMITS, streamBytes: 2_000_000, eventChars: 40_000, eventLines: 1000, logHeadChars: 64_000, logTailChars: 64_000 };

  beforeAll(async () => {
    w = await startMigrationWorld(engine, { nodes: 2, ctsPerNode: 8 });
    await w.fleet.setFault(0, 'migrate-flood');
    w.deps.outputLimits = limits;
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  /** Each test its own CT: the simulated flood goes on (holding the CT's lock) after a client stops reading. */
  const ctOnNode0 = (nth: number) => String(w.fleet.nodes[0]!.model.containers.filter((c) => c.status === 'running' && !c.busy)[nth]!.ctId);

  it('execStream passes on at most maxBytes, says so once, and keeps reading until the caller closes it', async () => {
    const src = w.nodes[0]!;
    const cmd = buildVzmigrate({ targetHost: w.nodes[1]!.host, targetPort: w.nodes[1]!.port, ctId: ctOnNode0(0), online: true });
    const abort = new AbortController();
    let got = 0;
    const limited: number[] = [];
    const done = w.deps.ssh.execStream(nodePoolKey(src.id), await resolveSshTarget(src, w.deps), cmd, {
      signal: abort.signal,
      maxBytes: 500_000,
      onLimit: (max) => {
        limited.push(max);
        setTimeout(() => abort.abort(), 300);
      },
      onData: (_fd, text) => {
        got += text.length;
      },
    });
    await done;
    expect(limited).toEqual([500_000]);
    expect(got).toBe(500_000);
  });

  it('the runner keeps memory, live events and the stored log bounded: cut lines, a marker, head and tail', async () => {
    const runner = new MigrationRunner(w.deps);
    const job = await runner.enqueue({ ctId: ctOnNode0(1), sourceNodeId: w.nodes[0]!.id, targetNodeId: w.nodes[1]!.id, online: true, requestedBy: 'test' });
    // The flood (24 MiB, far past every cap) ends by itself with exit 1.
    await runner.idle();
    const row = (await findJob(w.t.db, job.id))!;
    expect(row).toMatchObject({ status: 'failed', exitCode: 1 });
    const log = row.log;
    expect(log.length).toBeLessThan(limits.logHeadChars + limits.logTailChars + 200);
    expect(log).toMatch(/\[vzfleet\] \d+ characters of output left out here/);
    expect(log).toContain('more than 2000000 bytes of output: the rest is dropped');
    expect(log.slice(0, 200)).toContain('Locked CT');
    const events = await findEventsAfter(w.t.db, job.id, 0, 100_000);
    expect(events.length).toBeLessThanOrEqual(limits.eventLines + 10);
    expect(events.reduce((n, e) => n + e.text.length, 0)).toBeLessThan(limits.eventChars + 10_000);
    expect(events.some((e) => e.text.endsWith('[vzfleet: line cut at 4096 characters]') && e.text.length < 4200)).toBe(true);
    runner.stop();
  }, 60_000);
});
