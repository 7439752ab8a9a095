/**
 * Simulated OpenVZ hardware nodes served over real SSH on loopback — a whole fleet in one process:
 * every node has its own port (and with `hostPerNode` its own 127.0.x.y address), host key, model
 * and faults (sim/ssh/fleet-node.ts). Nodes reach each other through the fleet directory (vzmigrate),
 * and tests or people steer faults in-process or through the control endpoint (sim/control/control.ts).
 */
import { mkdirSync } from 'node:fs';
import { startControlServer } from '../control/control';
import { SimDirectory } from '../world/directory';
import { toFaultSpec, type SimFaultInput } from '../control/faults';
import { FleetNode, type SimNode } from './fleet-node';
import { loadOrCreateClientKey, parseAuthorizedKeys } from './keys';
import type { GenerationChoice } from '../world/model';
import { deriveSeed } from '../world/prng';

export type { SimNode } from './fleet-node';
export type { SimFaultInput, SimFaultSpec } from '../control/faults';
export type { SimFault } from '../world/fault-names';
export { SIM_FAULTS } from '../world/fault-names';

export interface SimFleetOptions {
  nodes: number;
  /** Node i listens on basePort + i; 0 = pick free ports. */
  basePort: number;
  /** Default 127.0.0.1 (ignored with hostPerNode). */
  host?: string;
  /** Node i gets its own loopback address (see nodeAddress), so vzmigrate can name it by address. */
  hostPerNode?: boolean;
  dataDir: string;
  /** OpenSSH public key lines; without them a client key pair is generated in `<dataDir>/client_key`. */
  authorizedKeys?: string[];
  seed?: number;
  ctsPerNode?: number;
  /** OpenVZ generation of the nodes: 'legacy', 'vz7' or 'mixed' (the model's default). */
  generation?: GenerationChoice;
  faults?: Record<number, SimFaultInput>;
  /** Epoch milliseconds (default Date.now); models advance by its differences. */
  clock?: () => number;
  /** Simulated durations (vzmigrate) × timeScale = real waits. Default 1; tests use e.g. 0.001. */
  timeScale?: number;
  /** HTTP control endpoint on 127.0.0.1:controlPort (0 = any free port); none when absent. */
  controlPort?: number;
  /** Daily cycles, bursts, a leak, a fork bomb, a restarting CT (sim/world/scenarios.ts). Default true. */
  workloads?: boolean;
  /** Offer zlib compression, as sshd does (default true); false offers only "none". */
  compression?: boolean;
}

export interface SimFleet {
  nodes: SimNode[];
  /** The generated private key (OpenSSH format, 0600), or null when authorizedKeys were given. */
  clientKeyPath: string | null;
  /** The generated public key, or the first authorized key. */
  clientPublicKey: string;
  directory: SimDirectory;
  /** `http://127.0.0.1:PORT` of the control endpoint, or null. */
  controlUrl: string | null;
  /** Resolves once the fault is in effect. Throws on a bad index or fault. */
  setFault(nodeIndex: number, fault: SimFaultInput | null): Promise<void>;
  rotateHostKey(nodeIndex: number): Promise<string>;
  restartContainer(nodeIndex: number, ctId: number): boolean;
  stop(): Promise<void>;
}

export const DEFAULT_SEED = 42;
/** Nodes started at once: keys and models are built synchronously, listening is awaited in batches. */
const START_BATCH = 64;

/** Node i's own loopback address with hostPerNode: 127.0.1.1, 127.0.1.2, … 127.0.1.254, 127.0.2.1, … */
export function nodeAddress(index: number): string {
  return `127.0.${1 + Math.floor(index / 254)}.${1 + (index % 254)}`;
}

export async function startSimFleet(opts: SimFleetOptions): Promise<SimFleet> {
  mkdirSync(opts.dataDir, { recursive: true });
  const clientKey = opts.authorizedKeys ? null : loadOrCreateClientKey(opts.dataDir);
  const authorizedLines = opts.authorizedKeys ?? [clientKey!.publicKey];
  const authorizedKeys = parseAuthorizedKeys(authorizedLines);
  if (authorizedKeys.length === 0) throw new Error('startSimFleet: at least one authorized public key is required');
  for (const [i, f] of Object.entries(opts.faults ?? {})) {
    if (!(Number(i) >= 0 && Number(i) < opts.nodes)) throw new Error(`startSimFleet: fault for node ${i}, but the fleet has ${opts.nodes}`);
    toFaultSpec(f);
  }
  const seed = opts.seed ?? DEFAULT_SEED;
  const directory = new SimDirectory();
  const nodes: FleetNode[] = [];
  try {
    for (let first = 0; first < opts.nodes; first += START_BATCH) {
      const batch: FleetNode[] = [];
      for (let i = first; i < Math.min(opts.nodes, first + START_BATCH); i++) {
        const node = new FleetNode({
          index: i,
          dataDir: opts.dataDir,
          authorizedKeys,
          host: opts.hostPerNode ? nodeAddress(i) : opts.host,
          port: opts.basePort === 0 ? 0 : opts.basePort + i,
          seed: deriveSeed(seed, i),
          ctsPerNode: opts.ctsPerNode,
          generation: opts.generation,
          fault: opts.faults?.[i] ?? null,
          clock: opts.clock ?? Date.now,
          timeScale: opts.timeScale ?? 1,
          directory,
          workloads: opts.workloads ?? true,
          compression: opts.compression ?? true,
        });
        nodes.push(node);
        batch.push(node);
        directory.add(node);
      }
      await Promise.all(batch.map((n) => n.start()));
    }
  } catch (e) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw e;
  }
  const nodeAt = (i: number): FleetNode => {
    const node = nodes[i];
    if (!node) throw new Error(`no node ${i} (the fleet has ${nodes.length})`);
    return node;
  };
  const firstKey = authorizedLines.flatMap((l) => l.split('\n')).map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
  let closeControl: (() => Promise<void>) | null = null;
  const fleet: SimFleet = {
    nodes,
    clientKeyPath: clientKey?.path ?? null,
    clientPublicKey: clientKey?.publicKey ?? firstKey ?? '',
    directory,
    controlUrl: null,
    setFault: (i, fault) => nodeAt(i).setFault(fault),
    rotateHostKey: (i) => nodeAt(i).rotateHostKey(),
    restartContainer: (i, ctId) => nodeAt(i).restartContainer(ctId),
    stop: async () => {
      await closeControl?.();
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
  if (opts.controlPort !== undefined) {
    try {
      const control = await startControlServer(fleet, opts.controlPort);
      fleet.controlUrl = control.url;
      closeControl = control.close;
    } catch (e) {
      await fleet.stop();
      throw e;
    }
  }
  return fleet;
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
