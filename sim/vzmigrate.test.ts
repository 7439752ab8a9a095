import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBeancounters, parseVzlist } from '../server/openvz/index';
import { parseVzmigrateLog } from '../server/openvz/vzmigrate-log';
import { usedDiskKb } from './world/directory';
import type { SimContainer } from './world/model';
import { startSimFleet, type SimFleet, type SimNode } from './ssh/server';
import { run, type TestExec } from './ssh/test-client';

describe('vzmigrate between simulated nodes, through real SSH', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vzfleet-vzmigrate-'));
  let fleet: SimFleet;
  let key: string;
  const sh = (node: SimNode, command: string) => run(node, key, command);
  const nodes = () => fleet.nodes;
  /** A running CT of the node that is not the busy one (or the busy one when asked). */
  const runningCt = (node: SimNode, busy = false): SimContainer => node.model.containers.find((ct) => ct.status === 'running' && ct.busy === busy)!;
  const listed = async (node: SimNode) => parseVzlist((await sh(node, 'vzlist -a')).stdout).containers.map((c) => String(c.ctid));
  const failcnts = async (node: SimNode, ctId: number) => {
    const block = parseBeancounters((await sh(node, 'cat /proc/user_beancounters')).stdout).blocks.find((b) => b.ctId === String(ctId));
    return block ? Object.fromEntries(block.beancounters.map((b) => [b.resource, b.failcnt])) : null;
  };

  beforeAll(async () => {
    fleet = await startSimFleet({ nodes: 4, basePort: 0, dataDir, ctsPerNode: 6, seed: 11, generation: 'legacy', timeScale: 0.001, workloads: false });
    key = readFileSync(fleet.clientKeyPath!, 'utf8');
  });
  afterAll(async () => {
    await fleet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('live (-v): the real message sequence, the timing block, and the CT moves with its beancounters and failcnt', async () => {
    const [src, dst] = [nodes()[0]!, nodes()[1]!];
    const ct = runningCt(src, true);
    const before = (await failcnts(src, ct.ctId))!;
    expect(before.privvmpages).toBeGreaterThan(0);
    const r = await sh(src, `vzmigrate --online -v ${dst.name} ${ct.ctId}`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const own = lines.filter((l) => !l.startsWith('\t') && !/^(Setting|Checkpointing|Restoring|Starting container \.|Container|Adding|Resuming|Killing|Destroying|Saved|OpenVZ is)/.test(l));
    expect(own.slice(0, 26)).toEqual([
      '   Loading /etc/vz/vz.conf',
      `Locked CT ${ct.ctId}`,
      `Starting live migration of CT ${ct.ctId} to ${dst.name}`,
      '   Checking for CPT version compatibility',
      '   Checking for CPU flags compatibility',
      `   Loading /etc/vz/conf/${ct.ctId}.conf`,
      '   Getting remote VE_ROOT and VE_PRIVATE',
      `   Checking IPs on destination node: ${ct.ips.join(' ')}  `,
      'Preparing remote node',
      '   Copying config file',
      '   Creating remote container root dir',
      '   Creating remote container private dir',
      'Initializing remote quota',
      '   Quota init',
      '   Turning remote quota on',
      'Syncing private',
      'Live migrating container...',
      '   Suspending container',
      '   Dumping container',
      '   Copying dumpfile',
      '   Syncing private (2nd pass)',
      'Syncing 2nd level quota',
      '   Dumping 2nd level quota',
      '   Copying 2nd level quota',
      '   Loading 2nd level quota',
      '   Undumping container',
    ]);
    expect(r.stdout).toMatch(/\n\n {8}Suspend \+ Dump: +\d+\.\d\d\n {8}Copy dump file: +\d+\.\d\d\n {10}Second rsync: +\d+\.\d\d\n {7}2nd level quota: +\d+\.\d\d\n {7}Undump \+ Resume: +\d+\.\d\d\n {24}------\n {2}Total suspended time: +\d+\.\d\d\n\nCleaning up\n/);
    expect(r.stdout.endsWith('   Destroying container\nDestroying container private area: /vz/private/' + ct.ctId + '\nContainer private area was destroyed\n')).toBe(true);
    const log = parseVzmigrateLog(r.stdout);
    expect(log).toMatchObject({ ctId: String(ct.ctId), destination: dst.name, mode: 'live', error: null });
    expect(log.suspendedTime!.steps.map((s) => s.label)).toEqual(['Suspend + Dump', 'Copy dump file', 'Second rsync', '2nd level quota', 'Undump + Resume']);
    const total = log.suspendedTime!.totalSeconds!;
    expect(Math.abs(total - log.suspendedTime!.steps.reduce((s, x) => s + x.seconds, 0))).toBeLessThan(0.05);

    expect(await listed(src)).not.toContain(String(ct.ctId));
    expect(await listed(dst)).toContain(String(ct.ctId));
    expect(await failcnts(src, ct.ctId)).toBeNull();
    const after = (await failcnts(dst, ct.ctId))!;
    expect(after.privvmpages).toBeGreaterThanOrEqual(before.privvmpages!);
    expect(after.numproc).toBeGreaterThanOrEqual(before.numproc!);
    expect(dst.model.containers).toContain(ct);
  });

  it('offline, without -v: the short sequence; the CT is stopped, moved, started again with failcnt reset', async () => {
    const [src, dst] = [nodes()[2]!, nodes()[3]!];
    const ct = runningCt(src);
    ct.ubc.numothersock.failcnt = 17;
    const r = await sh(src, `vzmigrate ${dst.name} ${ct.ctId}`);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [`Locked CT ${ct.ctId}`, `Starting migration of CT ${ct.ctId} to ${dst.name}`, 'Preparing remote node', 'Initializing remote quota', 'Syncing private', 'Stopping container', 'Syncing 2nd level quota', 'Starting container', 'Cleaning up', ''].join('\n'),
    });
    expect(await listed(dst)).toContain(String(ct.ctId));
    expect(ct.status).toBe('running');
    expect(Object.values((await failcnts(dst, ct.ctId))!).every((f) => f === 0)).toBe(true);
  });

  it('a stopped CT migrates offline and stays stopped (quota turned off)', async () => {
    const [src, dst] = [nodes()[2]!, nodes()[3]!];
    const ct = src.model.containers.find((c) => c.status === 'stopped')!;
    const r = await sh(src, `vzmigrate -r no ${dst.name} ${ct.ctId}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Syncing 2nd level quota\nTurning quota off\nCleaning up\n');
    expect(r.stdout).not.toContain('Stopping container');
    expect(dst.model.containers.find((c) => c.ctId === ct.ctId)?.status).toBe('stopped');
  });

  it('destination unreachable: unknown host, user@host, or a node refusing connections → exit 4', async () => {
    const src = nodes()[0]!;
    const ct = runningCt(src);
    const expected = { code: 4, stderr: "Error: Can't connect to destination address using public key\nError: Please put your public key to destination node\n" };
    expect(await sh(src, `vzmigrate --online nosuch.example.com ${ct.ctId}`)).toMatchObject(expected);
    expect(await sh(src, `vzmigrate root@${nodes()[1]!.name} ${ct.ctId}`)).toMatchObject(expected);
    await fleet.setFault(1, 'refuse');
    try {
      expect(await sh(src, `vzmigrate ${nodes()[1]!.name} ${ct.ctId}`)).toMatchObject(expected);
    } finally {
      await fleet.setFault(1, null);
    }
    expect(src.model.containers).toContain(ct);
  });

  it('the CT already exists on the destination → exit 9', async () => {
    const src = nodes()[0]!;
    const ct = runningCt(src);
    const r = await sh(src, `vzmigrate ${src.name} ${ct.ctId}`);
    expect(r).toMatchObject({ code: 9, stderr: `Error: CT #${ct.ctId} already exists on destination node\n` });
  });

  it('not enough disk on the destination: rsync fails, exit 6, the CT stays on the source, running', async () => {
    const [src, dst] = [nodes()[0]!, nodes()[2]!];
    const ct = runningCt(src);
    const size = dst.vzDiskKb;
    dst.vzDiskKb = usedDiskKb(dst.model) + Math.floor(ct.diskspace.usage / 3);
    try {
      const r = await sh(src, `vzmigrate ${dst.name} ${ct.ctId}`);
      expect(r.code).toBe(6);
      expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('Syncing private');
      expect(r.stderr).toMatch(/^rsync: write failed on "\/vz\/private\/\d+\/.*": No space left on device \(28\)\nrsync error: error in file IO \(code 11\)/);
      expect(r.stderr.endsWith('Error: Failed to sync container private areas\n')).toBe(true);
    } finally {
      dst.vzDiskKb = size;
    }
    expect(src.model.containers).toContain(ct);
    expect(ct.status).toBe('running');
  });

  it('--online with the CPT modules missing on either side → exit 14', async () => {
    const [src, dst] = [nodes()[0]!, nodes()[2]!];
    const ct = runningCt(src);
    src.cptLoaded = false;
    const a = await sh(src, `vzmigrate --online ${dst.name} ${ct.ctId}`);
    src.cptLoaded = true;
    expect(a).toMatchObject({ code: 14, stderr: "Error: vzcpt module is not loaded on the source node\nError: Can't continue live migration\n" });
    dst.cptLoaded = false;
    const b = await sh(src, `vzmigrate --live ${dst.name} ${ct.ctId}`);
    dst.cptLoaded = true;
    expect(b).toMatchObject({ code: 14, stderr: "Error: vzrst module is not loaded on the destination node\nError: Can't continue live migration\n" });
  });

  it('--online of a stopped CT → exit 2; a CT that does not exist → exit 10', async () => {
    const src = nodes()[0]!;
    const stopped = src.model.containers.find((c) => c.status === 'stopped')!;
    expect(await sh(src, `vzmigrate --online ${nodes()[1]!.name} ${stopped.ctId}`)).toMatchObject({
      code: 2,
      stdout: `Locked CT ${stopped.ctId}\n`,
      stderr: "Error: Can't perform live migration of a stopped container\n",
    });
    expect(await sh(src, `vzmigrate ${nodes()[1]!.name} 9999`)).toMatchObject({ code: 10, stderr: "Error: CT #9999 doesn't exist\n" });
  });

  it('a failure in the middle of the copy → exit 6, the CT stays on the source, running', async () => {
    const [src, dst] = [nodes()[0]!, nodes()[2]!];
    const ct = runningCt(src);
    await fleet.setFault(2, 'migrate-fail-copy');
    let r: TestExec;
    try {
      r = await sh(src, `vzmigrate --online ${dst.name} ${ct.ctId}`);
    } finally {
      await fleet.setFault(2, null);
    }
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('Write failed: Broken pipe\nrsync: connection unexpectedly closed');
    expect(r.stderr.endsWith('Error: Failed to sync container private areas\n')).toBe(true);
    expect(src.model.containers).toContain(ct);
    expect(ct.status).toBe('running');
    expect(dst.model.containers).not.toContain(ct);
  });

  it('a CT being migrated is locked: a second vzmigrate gets exit 20 and the holder’s ps line', async () => {
    const [src, dst] = [nodes()[0]!, nodes()[3]!];
    const ct = runningCt(src);
    ct.diskspace.usage = 90_000_000; // ~17 simulated minutes of rsync: ~1 s at time scale 0.001
    const first = sh(src, `vzmigrate --online ${dst.name} ${ct.ctId}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await sh(src, `vzmigrate ${nodes()[1]!.name} ${ct.ctId}`);
    expect(second.code).toBe(20);
    expect(second.stderr).toMatch(new RegExp(`^Error: CT ${ct.ctId} already locked by PID (\\d+)\\n$`));
    const pid = /PID (\d+)/.exec(second.stderr)![1]!;
    expect(second.stdout).toMatch(new RegExp(`^UID +PID +PPID +C STIME TTY +TIME CMD\\nroot +${pid} .*/usr/sbin/vzmigrate --live ${dst.name} ${ct.ctId}\\n$`));
    expect((await first).code).toBe(0);
    expect(dst.model.containers).toContain(ct);
    expect((await sh(dst, `vzmigrate ${src.name} ${ct.ctId}`)).code).toBe(0); // the lock went with the first run
  });

  it('takes time that grows with the CT’s disk and memory, scaled by the time scale', async () => {
    const src = nodes()[1]!;
    const cts = src.model.containers.filter((c) => c.status === 'running' && !c.busy);
    const [small, big] = [cts[0]!, cts[1]!];
    small.diskspace.usage = 1_000_000;
    big.diskspace.usage = 40_000_000; // +39 GB: ~430 simulated seconds more, ~0.4 s at 0.001
    const timed = async (ct: SimContainer, to: SimNode) => {
      const t0 = performance.now();
      expect((await sh(src, `vzmigrate --online ${to.name} ${ct.ctId}`)).code).toBe(0);
      return performance.now() - t0;
    };
    const fast = await timed(small, nodes()[2]!);
    const slow = await timed(big, nodes()[3]!);
    expect(slow - fast).toBeGreaterThan(250);
  });

  it('bad usage → exit 1 with the script’s text; no arguments → the help, exit 0', async () => {
    const src = nodes()[0]!;
    expect(await sh(src, 'vzmigrate sim-2')).toMatchObject({
      code: 1,
      stdout: 'Invalid usage: not enough parameters\n\nFor command line syntax, please check\n  vzmigrate --help\n  man vzmigrate\n',
    });
    expect(await sh(src, 'vzmigrate --frobnicate sim-2 101')).toMatchObject({ code: 1, stderr: "vzmigrate: unrecognized option '--frobnicate'\n" });
    expect(await sh(src, 'vzmigrate -r maybe sim-2 101')).toMatchObject({ code: 1 });
    const help = await sh(src, 'vzmigrate');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('vzmigrate [option ...] destination_address <CTID>');
  });
});
