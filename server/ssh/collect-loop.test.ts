import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeModel } from '../../sim/world/model';
import { describeNoise } from '../collector/noise';
import { newSectionToken, VZSTATUS_FIELDS, type CollectKind } from './commands';
import { buildForcedCommandWrapper } from './forced-command';
import { ASK_REFUSED_AGAIN_MS, SshPool } from './pool';
import { splitCollectOutput } from './split-sections';
import { startOpenSshNode, wrapperFromBeforeTheLoop, type OpenSshNode, type OpenSshNodeOptions } from './test-openssh-node';
import { renderFakeToolOutputs } from './test-sim-outputs';

/**
 * The collect loop against Debian's sshd and real shells: one channel answers poll after poll,
 * each answer exactly what one exec of the collect script would have printed.
 */
const outputs = renderFakeToolOutputs(createNodeModel({ seed: 9, index: 0, ctsPerNode: 3, generation: 'legacy' }));
const squeezed = outputs.beancounters.replace(/ +/g, ' ');
const statusArgs = `-a -H -o ${VZSTATUS_FIELDS.join(',')}`;
const chatty = { via: 'bashrc' as const, stdout: 'Welcome to node7', stderr: 'mesg: ttyname failed: Inappropriate ioctl for device' };

describe('the collect loop on a real OpenSSH node', () => {
  const started: OpenSshNode[] = [];
  const pools: SshPool[] = [];
  afterAll(async () => {
    pools.forEach((p) => p.closeAll());
    await Promise.all(started.map((n) => n.stop()));
  });

  async function start(opts: Partial<OpenSshNodeOptions> & Pick<OpenSshNodeOptions, 'shell'>, poolOpts: { now?: () => number } = {}) {
    // A user per node: usermod refuses a user whose sshd session is still alive.
    const node = await startOpenSshNode({ user: `vzfleet-loop-${started.length}`, outputs, ...opts });
    started.push(node);
    const pool = new SshPool({ connectTimeoutMs: 5000, ...poolOpts });
    pools.push(pool);
    const target = { host: node.host, port: node.port, username: node.user, privateKey: node.privateKey, hostKeyFingerprint: node.hostKeyFingerprint, compression: false };
    const collect = async (kind: CollectKind, timeoutMs = 5000, retryNow = false) => {
      const token = newSectionToken();
      const out = await pool.collect('n', target, kind, token, timeoutMs, { retryNow });
      return { out, split: splitCollectOutput(out.stdoutBytes, token) };
    };
    return { node, pool, collect };
  }

  it.each(['/bin/bash', '/bin/dash'] as const)('%s: polls of every kind go over one channel, each answer whole and under its own token', async (shell) => {
    const { node, pool, collect } = await start({ shell });
    const memory = new Set<ArrayBufferLike>();
    for (const kind of ['full', 'fast', 'fast', 'full-table', 'fast'] as const) {
      const { out, split } = await collect(kind);
      memory.add(out.stdoutBytes.buffer);
      expect(out.release).toBeTypeOf('function');
      expect(split.sections.beancounters?.exitCode, node.log()).toBe(0);
      // Through `tr -s ' '` on the node (commands.ts): the file with one space between columns.
      expect(split.sections.beancounters?.text).toBe(squeezed);
      expect(split.sections.vzstatus?.exitCode).toBe(kind === 'fast' ? 0 : undefined);
      expect(split.sections.meminfo?.text).toBe(kind === 'fast' ? undefined : outputs.meminfo);
      expect(split.sections['vzlist-hostname']?.exitCode).toBe(kind === 'full-table' ? 0 : undefined);
      expect(split.noise).toEqual([]);
      expect(out.stderr).toBe('');
      out.release!();
    }
    expect(pool.connectsStarted).toBe(1);
    expect(pool.collectLoopsOpened).toBe(1);
    // Each answer was read whole (above), each into a buffer an earlier one gave back: stdout and
    // stderr borrow one each, so five answers saw two buffers at most.
    expect(memory.size).toBeLessThanOrEqual(2);
  });

  it("a chatty profile's lines are in every answer, as in every exec; a tool's warning only in its own", async () => {
    const { node, pool, collect } = await start({ shell: '/bin/bash', chatty });
    const status = outputs.vzlist[statusArgs]!;
    const warned = { ...outputs, vzlist: { ...outputs.vzlist, [statusArgs]: { ...(typeof status === 'string' ? { stdout: status } : status), stderr: 'vzlist: warning: stale lock\n' } } };
    node.setOutputs(warned);
    const first = await collect('fast');
    node.setOutputs(outputs);
    const second = await collect('fast');
    for (const { split, out } of [first, second]) {
      expect(split.sections.vzstatus?.exitCode, node.log()).toBe(0);
      expect(describeNoise(split.noise, out.stderr)).toContain(chatty.stdout);
      expect(out.stderr).toContain(chatty.stderr);
    }
    expect(first.out.stderr).toContain('stale lock');
    expect(second.out.stderr).not.toContain('stale lock');
    expect(second.out.stderr).not.toContain('@@vzfleet');
    expect(pool.collectLoopsOpened).toBe(1);
  });

  it('a forced-command wrapper from before the loop refuses it: the node is read by one exec per poll, the loop not asked again', async () => {
    const older = wrapperFromBeforeTheLoop();
    expect(older).not.toBe(buildForcedCommandWrapper(['plain']));
    const { node, pool, collect } = await start({ shell: '/bin/bash', forcedCommandWrapper: older });
    const memory = new Set<ArrayBufferLike>();
    for (const kind of ['full', 'fast', 'fast'] as const) {
      const { out, split } = await collect(kind);
      expect(split.sections.beancounters?.text, node.log()).toBe(outputs.beancounters);
      expect(out.stderr).toBe('');
      // The exec's stdout is lent as the loop's answers are, and given back once read.
      expect(out.release).toBeTypeOf('function');
      memory.add(out.stdoutBytes.buffer);
      out.release!();
      // Both refusals are told with every answer, for the node page's note.
      expect(out.wrapperRefused).toEqual(['collect-loop', 'squeezed-scripts']);
    }
    expect(memory.size).toBeLessThanOrEqual(2);
    // The squeezed loop, then the plain one, each refused once; every poll after is one plain exec.
    expect(pool.collectLoopsOpened).toBe(2);
    expect(pool.connectsStarted).toBe(1);
  });

  it('a forced-command wrapper from before the squeezed scripts refuses them: the node is read by the plain loop it knows', async () => {
    const { node, pool, collect } = await start({ shell: '/bin/dash', forcedCommandWrapper: buildForcedCommandWrapper(['plain']) });
    for (const kind of ['fast', 'full', 'fast', 'fast'] as const) {
      const { out, split } = await collect(kind);
      expect(split.sections.beancounters?.text, node.log()).toBe(outputs.beancounters);
      expect(split.sections.beancounters?.exitCode).toBe(0);
      expect(out.stderr).toBe('');
      expect(out.wrapperRefused).toEqual(['squeezed-scripts']);
    }
    expect(pool.collectLoopsOpened).toBe(2);
    expect(pool.connectsStarted).toBe(1);
  });

  it('a wrapper re-installed on the node is seen on "Collect now" at once, and within the hour without it', async () => {
    let now = Date.parse('2026-12-07T04:00:00Z');
    const { node, pool, collect } = await start({ shell: '/bin/dash', forcedCommandWrapper: wrapperFromBeforeTheLoop() }, { now: () => now });
    const refusedBy = async (retryNow = false) => {
      const { out } = await collect('fast', 5000, retryNow);
      out.release?.();
      return out.wrapperRefused;
    };
    const install = (wrapper: string) => fs.writeFileSync(path.join(node.dir, 'vzfleet-collect'), wrapper, { mode: 0o755 });
    expect(await refusedBy(), node.log()).toEqual(['collect-loop', 'squeezed-scripts']);
    // The node gets a wrapper from between the two versions: a person's poll asks again at once.
    install(buildForcedCommandWrapper(['plain']));
    expect(await refusedBy(true)).toEqual(['squeezed-scripts']);
    expect(pool.connectsStarted).toBe(2);
    // Then the current one, without a person: the kept connection keeps what it was refused...
    install(buildForcedCommandWrapper());
    now += 10 * 60_000;
    expect(await refusedBy()).toEqual(['squeezed-scripts']);
    // ...until it is an hour old, when a new connection asks everything again.
    now += ASK_REFUSED_AGAIN_MS;
    expect(await refusedBy()).toEqual([]);
    expect(await refusedBy(true)).toEqual([]);
    expect(pool.connectsStarted).toBe(3);
  });

  it("a person's poll that replaces the connection does not cut short a poll under way on the old one", async () => {
    const { node, pool, collect } = await start({ shell: '/bin/dash', forcedCommandWrapper: wrapperFromBeforeTheLoop() });
    const read = async (retryNow: boolean) => {
      const { out, split } = await collect('fast', 8000, retryNow);
      out.release?.();
      return split;
    };
    await read(false); // the wrapper's refusals are known from here on
    node.setMode('slow');
    try {
      const scheduled = read(false);
      await new Promise((r) => setTimeout(r, 300));
      // "Collect now": a new connection asks again; the old one closes only after the scheduled poll.
      const asked = await read(true);
      expect(asked.sections.vzstatus?.exitCode, node.log()).toBe(0);
      expect((await scheduled).sections.vzstatus?.exitCode).toBe(0);
      expect(pool.connectsStarted).toBe(2);
    } finally {
      node.setMode('normal');
    }
  });

  it('a wrapper of this version takes both editions: the squeezed loop is used', async () => {
    const { pool, collect } = await start({ shell: '/bin/bash', forcedCommandWrapper: buildForcedCommandWrapper() });
    for (const kind of ['full', 'fast'] as const) {
      const { out, split } = await collect(kind);
      expect(split.sections.beancounters?.text).toBe(squeezed);
      expect(out.wrapperRefused).toEqual([]);
    }
    expect(pool.collectLoopsOpened).toBe(1);
  });

  it('an answer that never ends times out and drops the connection; the next poll opens a new one and a new loop', async () => {
    const { node, pool, collect } = await start({ shell: '/bin/dash' });
    await collect('full');
    node.setMode('endless');
    await expect(collect('full', 1500)).rejects.toMatchObject({ kind: 'timeout' });
    node.setMode('normal');
    const { split } = await collect('fast');
    expect(split.sections.vzstatus?.exitCode, node.log()).toBe(0);
    expect(pool.connectsStarted).toBe(2);
    expect(pool.collectLoopsOpened).toBe(2);
  });
});
