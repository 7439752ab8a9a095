import { execFile } from 'node:child_process';
import net from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { splitCollectOutput } from '../../server/ssh/split-sections';
import { parseBeancounters } from '../../server/openvz/index';
import { buildCollectScript } from '../../server/ssh/commands';
import { parseFaultArg, toFaultSpec } from './faults';
import { startSimFleet, type SimFleet } from '../ssh/server';
import { connect, exec, run, within } from '../ssh/test-client';

describe('faults on demand, through real SSH', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vzfleet-faults-'));
  let fleet: SimFleet;
  let key: string;
  const node = () => fleet.nodes[0]!;
  const pinned = () => ({ privateKey: key, pin: node().hostKeyFingerprint });

  beforeAll(async () => {
    fleet = await startSimFleet({ nodes: 2, basePort: 0, dataDir, ctsPerNode: 10, seed: 3, generation: 'legacy', workloads: false });
    key = readFileSync(fleet.clientKeyPath!, 'utf8');
  });
  afterEach(async () => {
    await fleet.setFault(0, null);
  });
  afterAll(async () => {
    await fleet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuse: the port is closed (ECONNREFUSED), and open again once cleared', async () => {
    const port = node().port;
    await fleet.setFault(0, 'refuse');
    await expect(connect(node(), pinned())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await fleet.setFault(0, null);
    expect(node().port).toBe(port);
    expect((await run(node(), key, 'uname -r')).code).toBe(0);
  });

  it('silent: TCP is accepted but not even the SSH banner comes', async () => {
    await fleet.setFault(0, 'silent');
    const socket = net.connect(node().port, node().host);
    let received = '';
    socket.on('data', (d) => (received += String(d)));
    await new Promise((resolve) => socket.once('connect', resolve));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toBe('');
    socket.destroy();
    await expect(connect(node(), { ...pinned(), readyTimeout: 500 })).rejects.toMatchObject({ level: 'client-timeout' });
  });

  it('without a fault the banner is OpenSSH 5.3’s', async () => {
    const socket = net.connect(node().port, node().host);
    const banner = await new Promise<string>((resolve) => socket.once('data', (d) => resolve(String(d))));
    socket.destroy();
    expect(banner).toMatch(/^SSH-2\.0-OpenSSH_5\.3\r\n/);
  });

  it('slow: every byte waits byteDelayMs', async () => {
    const client = await connect(node(), pinned());
    try {
      await fleet.setFault(0, { fault: 'slow', byteDelayMs: 25 });
      const t0 = performance.now();
      const r = await exec(client, 'echo 0123456789');
      expect(r).toEqual({ stdout: '0123456789\n', stderr: '', code: 0 });
      expect(performance.now() - t0).toBeGreaterThanOrEqual(200);
    } finally {
      client.end();
    }
  });

  it('drop: the connection is cut halfway through the output, with no exit status', async () => {
    const full = (await run(node(), key, 'cat /proc/user_beancounters')).stdout;
    const client = await connect(node(), pinned());
    const closed = new Promise((resolve) => client.on('close', () => resolve(true)));
    await fleet.setFault(0, 'drop');
    const r = await exec(client, 'cat /proc/user_beancounters');
    expect(r.code).toBeNull();
    expect(r.stdout.length).toBeLessThan(full.length);
    expect(full.startsWith(r.stdout)).toBe(true);
    expect(await within(closed, 2000)).not.toBe('timeout');
    await fleet.setFault(0, { fault: 'drop', afterBytes: 100 });
    const early = await run(node(), key, 'cat /proc/user_beancounters');
    expect(early.stdout.length).toBeLessThanOrEqual(100);
    expect(early.code).toBeNull();
  });

  it('truncate: the output stops at a line boundary mid-section, the exit status is 0', async () => {
    await fleet.setFault(0, 'truncate');
    const token = 'ab'.repeat(16);
    const r = await run(node(), key, buildCollectScript({ full: true, token }));
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout).toContain(`@@vzfleet:${token} begin beancounters`);
    expect(r.stdout).not.toContain(`@@vzfleet:${token} end meminfo`);
    expect(() => splitCollectOutput(r.stdout, token)).toThrow(/cut off/);
  });

  it('garbled: /proc/user_beancounters carries a corrupted number', async () => {
    await fleet.setFault(0, 'garbled');
    const r = await run(node(), key, 'cat /proc/user_beancounters');
    expect(() => parseBeancounters(r.stdout)).toThrow(/line 3/);
  });

  it('wrong-host-key: another key is presented until the fault is cleared', async () => {
    const own = node().hostKeyFingerprint;
    await fleet.setFault(0, 'wrong-host-key');
    expect(node().presentedFingerprint).not.toBe(own);
    expect(node().hostKeyFingerprint).toBe(own);
    await expect(connect(node(), pinned())).rejects.toThrow();
    const presented: string[] = [];
    const c = await connect(node(), { privateKey: key, hostVerifier: (k: Buffer) => (presented.push(k.toString('base64')), true) });
    c.end();
    expect(presented).toHaveLength(1);
    await fleet.setFault(0, null);
    expect((await run(node(), key, 'true')).code).toBe(0);
  });

  it('rotate-host-key: a new key for good, kept in the data directory; old pins fail, new pins work', async () => {
    const before = node().hostKeyFingerprint;
    const client = await connect(node(), pinned());
    const dropped = new Promise((resolve) => client.on('close', () => resolve(true)));
    const after = await fleet.rotateHostKey(0);
    expect(await within(dropped, 2000)).not.toBe('timeout');
    expect(after).not.toBe(before);
    expect(node().hostKeyFingerprint).toBe(after);
    await expect(connect(node(), { privateKey: key, pin: before })).rejects.toThrow();
    (await connect(node(), { privateKey: key, pin: after })).end();
    const again = await startSimFleet({ nodes: 1, basePort: 0, dataDir, ctsPerNode: 1, workloads: false });
    try {
      expect(again.nodes[0]!.hostKeyFingerprint).toBe(after);
    } finally {
      await again.stop();
    }
  });

  it('auth-refused: the authorized key is rejected', async () => {
    await fleet.setFault(0, 'auth-refused');
    await expect(connect(node(), pinned())).rejects.toMatchObject({ level: 'client-authentication' });
  });

  it('sshd’s MaxSessions: 10 sessions at once on one connection, the 11th fails as "open failed"', async () => {
    const client = await connect(node(), pinned());
    try {
      const ten = Array.from({ length: 10 }, () => exec(client, 'sleep 0.4; echo ok'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const err = await exec(client, 'true').then(
        () => null,
        (e: Error & { reason?: number }) => e,
      );
      expect(err?.message).toBe('(SSH) Channel open failure: open failed');
      expect(err?.reason).toBe(1); // SSH_OPEN_ADMINISTRATIVELY_PROHIBITED
      expect((await Promise.all(ten)).map((r) => r.stdout)).toEqual(Array(10).fill('ok\n'));
      expect((await exec(client, 'true')).code).toBe(0);
    } finally {
      client.end();
    }
  });

  it('max-sessions: with maxSessions 1 a second concurrent channel fails; with 0 every one does', async () => {
    const client = await connect(node(), pinned());
    try {
      await fleet.setFault(0, { fault: 'max-sessions', maxSessions: 1 });
      const first = exec(client, 'sleep 0.3; echo first');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(exec(client, 'true')).rejects.toMatchObject({ reason: 1 });
      expect((await first).stdout).toBe('first\n');
      await fleet.setFault(0, 'max-sessions');
      await expect(exec(client, 'true')).rejects.toThrow('open failed');
    } finally {
      client.end();
    }
  });

  it('legacy-kex: an old client (group14-sha1, ssh-rsa) gets in; a default ssh2 client finds no common key exchange', async () => {
    const ed25519 = node().hostKeyFingerprint;
    await fleet.setFault(0, 'legacy-kex');
    expect(node().hostKeyFingerprint).not.toBe(ed25519); // its RSA key, which an inventory of a CentOS 6 node pins
    expect(existsSync(join(dataDir, 'node-0', 'ssh_host_rsa_key'))).toBe(true);
    const legacy = {
      kex: ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1'],
      serverHostKey: ['ssh-rsa'],
      cipher: ['aes128-ctr', 'aes128-cbc'],
      hmac: ['hmac-sha1'],
    } as const;
    const old = await connect(node(), { ...pinned(), algorithms: { kex: [...legacy.kex], serverHostKey: [...legacy.serverHostKey], cipher: [...legacy.cipher], hmac: [...legacy.hmac] } });
    try {
      expect((await exec(old, 'uname -r')).code).toBe(0);
    } finally {
      old.end();
    }
    await expect(connect(node(), pinned())).rejects.toThrow(/no matching key exchange/i);
    await fleet.setFault(0, null);
    expect(node().hostKeyFingerprint).toBe(ed25519);
  }, 20_000);

  it.skipIf(!existsSync('/usr/bin/ssh'))('legacy-kex with OpenSSH’s client: refused by default, in with the legacy algorithms enabled', async () => {
    await fleet.setFault(0, 'legacy-kex');
    const ssh = (extra: string[]) =>
      new Promise<{ status: number; output: string }>((resolve) => {
        const args = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', ...extra,
          '-p', String(node().port), '-i', fleet.clientKeyPath!, `root@${node().host}`, 'uname -r'];
        execFile('/usr/bin/ssh', args, { timeout: 10_000 }, (err, stdout, stderr) => {
          resolve({ status: err ? Number((err as { code?: unknown }).code ?? -1) : 0, output: stdout + stderr });
        });
      });
    const refused = await ssh([]);
    expect(refused.status).toBe(255);
    expect(refused.output).toMatch(/no matching key exchange method found\. Their offer: diffie-hellman-group14-sha1,diffie-hellman-group1-sha1/);
    const legacy = await ssh(['-o', 'LogLevel=ERROR', '-o', 'KexAlgorithms=+diffie-hellman-group14-sha1', '-o', 'HostKeyAlgorithms=+ssh-rsa']);
    expect(legacy).toEqual({ status: 0, output: `${node().model.kernel}\n` });
  }, 20_000);

  it('clock-skew: date and epoch figures are off by skewMs', async () => {
    const epoch = async () => Number((await run(node(), key, 'date +%s')).stdout);
    expect(Math.abs((await epoch()) - Date.now() / 1000)).toBeLessThan(5);
    await fleet.setFault(0, 'clock-skew');
    expect((await epoch()) - Date.now() / 1000).toBeGreaterThan(433 - 5);
    await fleet.setFault(0, { fault: 'clock-skew', skewMs: -3_600_000 });
    expect((await epoch()) - Date.now() / 1000).toBeLessThan(-3600 + 5);
    expect((await run(node(), key, 'date')).stdout).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}\n$/);
  });

  it('faults are checked: unknown names and parameters are refused', () => {
    expect(() => toFaultSpec('melt')).toThrow(/unknown fault/);
    expect(() => toFaultSpec({ fault: 'slow', maxSessions: 3 })).toThrow(/takes no parameter/);
    expect(() => toFaultSpec({ fault: 'slow', byteDelayMs: -1 })).toThrow(/byteDelayMs/);
    expect(parseFaultArg('3=drop:afterBytes=4096')).toEqual({ index: 3, spec: { fault: 'drop', afterBytes: 4096 } });
  });
});
