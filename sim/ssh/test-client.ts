/**
 * A small ssh2 client for the simulator's tests: connect with a pinned fingerprint (or none),
 * run one command and collect what came back, including whether an exit status ever came.
 */
import ssh2, { type Client as SshClient, type ConnectConfig } from 'ssh2';
import { fingerprintOf } from '../../server/ssh/fingerprint';

const { Client } = ssh2;

export interface TestExec {
  stdout: string;
  stderr: string;
  /** null when the channel closed without an exit status (dropped connection). */
  code: number | null;
}

export interface Endpoint {
  host: string;
  port: number;
}

export function connect(node: Endpoint, config: Partial<ConnectConfig> & { pin?: string | null } = {}): Promise<SshClient> {
  const { pin, ...rest } = config;
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once('ready', () => resolve(client));
    // Errors after the first (a reset once the test moved on) are expected; keep them from crashing the run.
    client.on('error', (e) => {
      reject(e);
      client.destroy();
    });
    client.connect({
      host: node.host,
      port: node.port,
      username: 'root',
      readyTimeout: 5000,
      ...(pin ? { hostVerifier: (key: Buffer) => fingerprintOf(key) === pin } : {}),
      ...rest,
    });
  });
}

export function exec(client: SshClient, command: string): Promise<TestExec> {
  return execBytes(client, command).then(({ stdout, ...rest }) => ({ ...rest, stdout: stdout.toString('utf8') }));
}

/** Like exec, with stdout as the bytes that came (free text in it may be any encoding). */
export function execBytes(client: SshClient, command: string): Promise<Omit<TestExec, 'stdout'> & { stdout: Buffer }> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(err);
      const out: Buffer[] = [];
      const r = { stderr: '', code: null as number | null };
      stream.on('data', (d: Buffer) => out.push(d));
      stream.stderr.on('data', (d: Buffer) => (r.stderr += d.toString()));
      stream.on('exit', (code: number) => (r.code = code));
      stream.on('close', () => resolve({ ...r, stdout: Buffer.concat(out) }));
    });
  });
}

/** Connects, runs one command, disconnects. */
export async function run(node: Endpoint, privateKey: string, command: string): Promise<TestExec> {
  const client = await connect(node, { privateKey });
  try {
    return await exec(client, command);
  } finally {
    client.end();
  }
}

/** Resolves 'timeout' if `p` has not settled within `ms`. */
export function within<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([p, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms))]);
}
