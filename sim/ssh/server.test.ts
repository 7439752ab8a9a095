import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2, { type Client as SshClient, type ParsedKey, type SignCallback } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBeancounters } from '../../server/openvz/index';
import { fingerprintOf } from '../../server/ssh/fingerprint';
import { fleetInventory, startSimFleet, type SimFleet, type SimNode } from './server';

const { BaseAgent, Client, utils } = ssh2;

interface ExecResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

function connect(node: SimNode, auth: { privateKey?: string; password?: string }, expectedFingerprint = node.hostKeyFingerprint): Promise<SshClient> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.connect({
      host: node.host,
      port: node.port,
      username: 'root',
      ...auth,
      readyTimeout: 5000,
      hostVerifier: (key: Buffer) => fingerprintOf(key) === expectedFingerprint,
    });
  });
}

function exec(client: SshClient, command: string): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(err);
      const r: ExecResult = { stdout: '', stderr: '', code: null };
      stream.on('data', (d: Buffer) => (r.stdout += d.toString()));
      stream.stderr.on('data', (d: Buffer) => (r.stderr += d.toString()));
      stream.on('exit', (code: number) => (r.code = code));
      stream.on('close', () => resolve(r));
    });
  });
}

function failcntOf(text: string, ctId: number, resource: string): number {
  const block = parseBeancounters(text).blocks.find((b) => b.ctId === String(ctId))!;
  return block.beancounters.find((b) => b.resource === resource)!.failcnt;
}

describe('simulated fleet over SSH', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vzfleet-sim-'));
  let now = 1_700_000_000_000;
  let fleet: SimFleet;
  let clientKey: string;

  beforeAll(async () => {
    fleet = await startSimFleet({ nodes: 2, basePort: 0, dataDir, ctsPerNode: 4, seed: 7, clock: () => now });
    clientKey = readFileSync(fleet.clientKeyPath!, 'utf8');
  });
  afterAll(async () => {
    await fleet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on loopback, one port per node, with OpenSSH-style fingerprints and an inventory', () => {
    expect(fleet.nodes.map((n) => n.host)).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(new Set(fleet.nodes.map((n) => n.port)).size).toBe(2);
    for (const n of fleet.nodes) expect(n.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(fleetInventory(fleet)[0]).toEqual({
      name: 'sim-1',
      host: '127.0.0.1',
      port: fleet.nodes[0]!.port,
      user: 'root',
      hostKeyFingerprint: fleet.nodes[0]!.hostKeyFingerprint,
      keyFile: fleet.clientKeyPath,
    });
  });

  it('writes the client key in OpenSSH format, mode 0600, with its .pub', () => {
    expect(clientKey.startsWith('-----BEGIN OPENSSH PRIVATE KEY-----')).toBe(true);
    expect(statSync(fleet.clientKeyPath!).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${fleet.clientKeyPath}.pub`, 'utf8').trim()).toBe(fleet.clientPublicKey);
    expect(statSync(join(dataDir, 'node-0', 'ssh_host_ed25519_key')).mode & 0o777).toBe(0o600);
  });

  it('runs `cat /proc/user_beancounters` for the right key, after verifying the host key', async () => {
    const client = await connect(fleet.nodes[0]!, { privateKey: clientKey });
    try {
      const r = await exec(client, 'cat /proc/user_beancounters');
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(parseBeancounters(r.stdout).blocks.length).toBeGreaterThan(1);
      const several = await Promise.all([exec(client, 'uname -r'), exec(client, 'vzlist 999'), exec(client, 'nosuch')]);
      expect(several.map((x) => x.code)).toEqual([0, 1, 127]);
      expect(several[1]!.stderr).toBe('Container(s) not found\n');
    } finally {
      client.end();
    }
  });

  it('refuses a key that is not authorized, and passwords', async () => {
    const stranger = utils.generateKeyPairSync('ed25519').private;
    await expect(connect(fleet.nodes[0]!, { privateKey: stranger })).rejects.toMatchObject({ level: 'client-authentication' });
    await expect(connect(fleet.nodes[0]!, { password: 'root' })).rejects.toMatchObject({ level: 'client-authentication' });
  });

  it('checks the signature, not just the key: the authorized public key with a forged signature is refused', async () => {
    const authorized = utils.parseKey(fleet.clientPublicKey) as ParsedKey;
    class ForgingAgent extends BaseAgent<ParsedKey> {
      getIdentities(cb: (err: Error | undefined, keys?: ParsedKey[]) => void) {
        cb(undefined, [authorized]);
      }
      sign(_key: ParsedKey, _data: Buffer, optionsOrCb: unknown, cb?: SignCallback) {
        const done = (typeof optionsOrCb === 'function' ? optionsOrCb : cb) as SignCallback;
        done(undefined, Buffer.alloc(64, 7));
      }
    }
    const node = fleet.nodes[0]!;
    const attempt = new Promise<void>((resolve, reject) => {
      const client = new Client();
      client.once('ready', () => {
        client.end();
        resolve();
      });
      client.once('error', reject);
      client.connect({ host: node.host, port: node.port, username: 'root', agent: new ForgingAgent(), readyTimeout: 5000 });
    });
    await expect(attempt).rejects.toMatchObject({ level: 'client-authentication' });
  });

  it('a client pinned to another fingerprint refuses the node', async () => {
    await expect(connect(fleet.nodes[0]!, { privateKey: clientKey }, fleet.nodes[1]!.hostKeyFingerprint)).rejects.toThrow();
  });

  it('keeps host keys in the data directory: the same dir gives the same fingerprints, another dir others', async () => {
    const again = await startSimFleet({ nodes: 2, basePort: 0, dataDir, ctsPerNode: 1 });
    const otherDir = mkdtempSync(join(tmpdir(), 'vzfleet-sim-other-'));
    const other = await startSimFleet({ nodes: 1, basePort: 0, dataDir: otherDir, ctsPerNode: 1 });
    try {
      expect(again.nodes.map((n) => n.hostKeyFingerprint)).toEqual(fleet.nodes.map((n) => n.hostKeyFingerprint));
      expect(again.clientPublicKey).toBe(fleet.clientPublicKey);
      expect(other.nodes[0]!.hostKeyFingerprint).not.toBe(fleet.nodes[0]!.hostKeyFingerprint);
    } finally {
      await again.stop();
      await other.stop();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('a "hang" node accepts the login but never answers the exec; "refuse-exec" rejects it', async () => {
    await fleet.setFault(1, 'hang');
    const client = await connect(fleet.nodes[1]!, { privateKey: clientKey });
    try {
      const answer = exec(client, 'uname -r');
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 800));
      expect(await Promise.race([answer, timeout])).toBe('timeout');
      await fleet.setFault(1, 'refuse-exec');
      await expect(exec(client, 'uname -r')).rejects.toThrow();
      await fleet.setFault(1, null);
      expect((await exec(client, 'uname -r')).code).toBe(0);
    } finally {
      client.end();
    }
  });

  it('drifts with the injected clock: the busy CT’s failcnt grows over simulated time', async () => {
    const node = fleet.nodes[0]!;
    const busy = node.model.containers.find((ct) => ct.busy)!;
    const client = await connect(node, { privateKey: clientKey });
    try {
      const before = (await exec(client, 'cat /proc/user_beancounters')).stdout;
      now += 15 * 60_000;
      const after = (await exec(client, 'cat /proc/user_beancounters')).stdout;
      expect(failcntOf(after, busy.ctId, 'privvmpages')).toBeGreaterThan(failcntOf(before, busy.ctId, 'privvmpages'));
      expect(failcntOf(after, busy.ctId, 'numproc')).toBeGreaterThan(failcntOf(before, busy.ctId, 'numproc'));
    } finally {
      client.end();
    }
  });

  it.skipIf(!existsSync('/usr/bin/ssh'))('works with OpenSSH’s ssh client and the generated key file', async () => {
    const node = fleet.nodes[0]!;
    // Asynchronous on purpose: the server runs in this very process.
    const ssh = (command: string) =>
      new Promise<{ stdout: string; stderr: string; status: number }>((resolve) => {
        const args = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR',
          '-p', String(node.port), '-i', fleet.clientKeyPath!, `root@${node.host}`, command];
        execFile('/usr/bin/ssh', args, { timeout: 10_000 }, (err, stdout, stderr) => {
          const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? -1 : 0;
          resolve({ stdout, stderr, status: code });
        });
      });
    const r = await ssh('cat /proc/user_beancounters');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(parseBeancounters(r.stdout).version).toBe('2.5');
    expect((await ssh('vzquota stat 999')).status).toBe(6);
  });
});
