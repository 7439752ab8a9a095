/**
 * Simulated OpenVZ hardware nodes served over real SSH (ssh2's Server): public-key auth only,
 * `exec` runs the command line through sim/shell.ts against the node's model, which drifts
 * lazily by the injected clock before each command. Faults make a node misbehave on purpose.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ssh2, { type Connection, type ParsedKey } from 'ssh2';
import { advance, createNodeModel, type SimNodeModel } from './model';
import { deriveSeed } from './prng';
import { runCommandLine } from './shell';
import { findAuthorizedKey, loadOrCreateClientKey, loadOrCreateHostKey, parseAuthorizedKeys } from './keys';
import type { SimFault } from './tools/types';

export type { SimFault } from './tools/types';
export { SIM_FAULTS } from './tools/types';

export interface SimNodeOptions {
  /** Position in the fleet: names the node `sim-<index+1>` and its key directory `node-<index>`. */
  index: number;
  /** The host key lives in `<dataDir>/node-<index>/ssh_host_ed25519_key`. */
  dataDir: string;
  /** OpenSSH public key lines allowed to log in as root. */
  authorizedKeys: string[];
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) = any free port. */
  port?: number;
  /** Seed of this node's model (default: derived from 42 and the index). */
  seed?: number;
  ctsPerNode?: number;
  name?: string;
  fault?: SimFault | null;
  /** Epoch milliseconds; the model advances by its differences. Default Date.now. */
  clock?: () => number;
}

export interface SimNode {
  index: number;
  name: string;
  host: string;
  port: number;
  user: 'root';
  hostKeyFingerprint: string;
  model: SimNodeModel;
  getFault(): SimFault | null;
  setFault(fault: SimFault | null): void;
  stop(): Promise<void>;
}

export interface SimFleetOptions {
  nodes: number;
  /** Node i listens on basePort + i; 0 = pick free ports. */
  basePort: number;
  host?: string;
  dataDir: string;
  /** OpenSSH public key lines; without them a client key pair is generated in `<dataDir>/client_key`. */
  authorizedKeys?: string[];
  seed?: number;
  ctsPerNode?: number;
  faults?: Record<number, SimFault>;
  clock?: () => number;
}

export interface SimFleet {
  nodes: SimNode[];
  /** The generated private key (OpenSSH format, 0600), or null when authorizedKeys were given. */
  clientKeyPath: string | null;
  /** The generated public key, or the first authorized key. */
  clientPublicKey: string;
  setFault(nodeIndex: number, fault: SimFault | null): void;
  stop(): Promise<void>;
}

export const DEFAULT_SEED = 42;
const { Server } = ssh2; // ssh2 is CommonJS: named imports fail under plain Node ESM

/** What a connection needs of its node: the model, the current fault, and a clock tick that drifts the model. */
interface NodeState {
  readonly model: SimNodeModel;
  readonly fault: SimFault | null;
  /** Advances the model to the clock's now and returns it (epoch ms). */
  tick(): number;
}

function handleConnection(client: Connection, keys: readonly ParsedKey[], node: NodeState): void {
  client.on('error', () => {
    // A client that resets the TCP connection is not the server's problem.
  });
  client.on('authentication', (ctx) => {
    if (ctx.method !== 'publickey' || ctx.username !== 'root') return ctx.reject(['publickey']);
    const key = findAuthorizedKey(keys, ctx.key.algo, ctx.key.data);
    if (!key) return ctx.reject(['publickey']);
    // Without a signature the client only asks whether this key would do (ssh2 answers PK_OK).
    if (ctx.signature && (!ctx.blob || key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true)) return ctx.reject(['publickey']);
    ctx.accept();
  });
  client.on('ready', () => {
    client.on('session', (acceptSession) => {
      const session = acceptSession();
      session.on('pty', (accept) => accept?.());
      session.on('env', (accept) => accept?.());
      session.on('shell', (_accept, reject) => reject?.());
      session.on('subsystem', (_accept, reject) => reject?.());
      session.on('exec', (accept, reject, info) => {
        const fault = node.fault;
        if (fault === 'refuse-exec') return reject?.();
        const stream = accept();
        if (fault === 'hang') return; // accepted, then never a byte nor an exit status
        const epochMs = node.tick();
        const result = runCommandLine(info.command, { model: node.model, fault, epochMs });
        for (const chunk of result.output) {
          if (chunk.fd === 1) stream.write(chunk.data);
          else stream.stderr.write(chunk.data);
        }
        stream.exit(result.code);
        stream.end();
      });
    });
  });
}

export async function startSimNode(opts: SimNodeOptions): Promise<SimNode> {
  const host = opts.host ?? '127.0.0.1';
  const clock = opts.clock ?? Date.now;
  const keys = parseAuthorizedKeys(opts.authorizedKeys);
  if (keys.length === 0) throw new Error('startSimNode: at least one authorized public key is required');
  const nodeDir = join(opts.dataDir, `node-${opts.index}`);
  const hostKey = loadOrCreateHostKey(nodeDir);
  const model = createNodeModel({
    seed: opts.seed ?? deriveSeed(DEFAULT_SEED, opts.index),
    index: opts.index,
    ctsPerNode: opts.ctsPerNode,
    name: opts.name,
  });
  let fault: SimFault | null = opts.fault ?? null;
  let lastMs = clock();
  const state: NodeState = {
    model,
    get fault() {
      return fault;
    },
    tick() {
      const now = clock();
      if (now > lastMs) advance(model, now - lastMs);
      lastMs = Math.max(lastMs, now);
      return now;
    },
  };
  const connections = new Set<Connection>();
  const server = new Server({ hostKeys: [hostKey.privateKey], ident: 'OpenSSH_5.3' }, (client) => {
    connections.add(client);
    client.on('close', () => connections.delete(client));
    handleConnection(client, keys, state);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  server.on('error', () => {
    // Listening errors after start (rare) leave the node down; connections report their own.
  });
  return {
    index: opts.index,
    name: model.name,
    host,
    port,
    user: 'root',
    hostKeyFingerprint: hostKey.fingerprint,
    model,
    getFault: () => fault,
    setFault: (f) => {
      fault = f;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const c of connections) c.end();
        server.close(() => resolve());
      }),
  };
}

export async function startSimFleet(opts: SimFleetOptions): Promise<SimFleet> {
  mkdirSync(opts.dataDir, { recursive: true });
  const clientKey = opts.authorizedKeys ? null : loadOrCreateClientKey(opts.dataDir);
  const authorizedKeys = opts.authorizedKeys ?? [clientKey!.publicKey];
  const seed = opts.seed ?? DEFAULT_SEED;
  const nodes: SimNode[] = [];
  try {
    for (let i = 0; i < opts.nodes; i++) {
      nodes.push(
        await startSimNode({
          index: i,
          dataDir: opts.dataDir,
          authorizedKeys,
          host: opts.host,
          port: opts.basePort === 0 ? 0 : opts.basePort + i,
          seed: deriveSeed(seed, i),
          ctsPerNode: opts.ctsPerNode,
          fault: opts.faults?.[i] ?? null,
          clock: opts.clock,
        }),
      );
    }
  } catch (e) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw e;
  }
  const firstKey = authorizedKeys.flatMap((l) => l.split('\n')).map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
  return {
    nodes,
    clientKeyPath: clientKey?.path ?? null,
    clientPublicKey: clientKey?.publicKey ?? firstKey ?? '',
    setFault(nodeIndex, fault) {
      const node = nodes[nodeIndex];
      if (!node) throw new Error(`setFault: no node ${nodeIndex} (fleet has ${nodes.length})`);
      node.setFault(fault);
    },
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

export interface SimInventoryEntry {
  name: string;
  host: string;
  port: number;
  user: 'root';
  hostKeyFingerprint: string;
  /** Absent when the fleet was started with authorizedKeys (the client key is the caller's). */
  keyFile?: string;
}

/** What the CLI writes to `<dataDir>/inventory.json` (read by `vzfleet node import`). */
export function fleetInventory(fleet: SimFleet): SimInventoryEntry[] {
  return fleet.nodes.map((n) => ({
    name: n.name,
    host: n.host,
    port: n.port,
    user: n.user,
    hostKeyFingerprint: n.hostKeyFingerprint,
    ...(fleet.clientKeyPath ? { keyFile: fleet.clientKeyPath } : {}),
  }));
}
