/**
 * One simulated hardware node: its model (drifting lazily by the clock before each command, with
 * its workloads), a TCP listener on its own port that hands connections to an ssh2 Server
 * (sim/ssh/fleet-session.ts serves them), and the faults that make it misbehave on purpose
 * (sim/control/faults.ts). The listener is the node's own, so that it can stop
 * listening (refuse), keep a socket without a word (silent), or swap the SSH personality (host
 * key, legacy algorithms) without touching the port.
 */
import net from 'node:net';
import { join } from 'node:path';
import ssh2, { type Connection, type ParsedKey, type ServerConfig } from 'ssh2';
import type { SimDirectory, SimHost, SimLock } from '../world/directory';
import { defaultVzDiskKb } from '../world/directory';
import { CONNECT_TIME_FAULTS, DEFAULT_SKEW_MS, toFaultSpec, type SimFaultInput, type SimFaultSpec } from '../control/faults';
import { serveConnection } from './fleet-session';
import { loadOrCreateHostKey, loadOrCreateImpostorHostKey, loadOrCreateRsaHostKey, rotateHostKey, type HostKey } from './keys';
import { advance, createNodeModel, type GenerationChoice, type SimNodeModel } from '../world/model';
import { advanceWithWorkloads, assignWorkloads, restartContainer } from '../world/scenarios';
import type { SimFault } from '../world/fault-names';

const { Server } = ssh2; // ssh2 is CommonJS: named imports fail under plain Node ESM

/** What OpenSSH 5.3 on CentOS 6 offers that ssh2 can serve (ssh2 has no server side of DH group exchange). */
const LEGACY_ALGORITHMS: ServerConfig['algorithms'] = {
  kex: ['diffie-hellman-group14-sha1', 'diffie-hellman-group1-sha1'],
  serverHostKey: ['ssh-rsa'],
  cipher: ['aes128-ctr', 'aes192-ctr', 'aes256-ctr', 'aes128-cbc', '3des-cbc', 'aes192-cbc', 'aes256-cbc'],
  hmac: ['hmac-md5', 'hmac-sha1', 'hmac-sha1-96', 'hmac-md5-96'],
  compress: ['none', 'zlib@openssh.com'],
};

export interface SimNodeOptions {
  /** Position in the fleet: names the node `sim-<index+1>` and its key directory `node-<index>`. */
  index: number;
  /** Host keys live in `<dataDir>/node-<index>/`. */
  dataDir: string;
  authorizedKeys: readonly ParsedKey[];
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = any free port. */
  port: number;
  seed: number;
  ctsPerNode?: number;
  generation?: GenerationChoice;
  name?: string;
  fault?: SimFaultInput | null;
  /** Epoch milliseconds; the model advances by its differences. */
  clock: () => number;
  timeScale: number;
  directory: SimDirectory;
  /** Daily cycles, bursts, a leak, a fork bomb, a restarting CT (sim/world/scenarios.ts). */
  workloads: boolean;
  /** Offer zlib compression like sshd (`Compression delayed`); false offers only "none". */
  compression: boolean;
}

export interface SimNode {
  readonly index: number;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly user: 'root';
  /** The node's own host key (ed25519, or its RSA key under legacy-kex): what an inventory pins. */
  readonly hostKeyFingerprint: string;
  /** What it presents right now (differs from hostKeyFingerprint under wrong-host-key). */
  readonly presentedFingerprint: string;
  readonly model: SimNodeModel;
  /** vzcpt/vzrst loaded: live migration from and to this node works. */
  cptLoaded: boolean;
  /** Size of /vz in KiB (free space = this − Σ CT diskspace usage); vzmigrate's rsync fails past it. */
  vzDiskKb: number;
  getFault(): SimFault | null;
  getFaultSpec(): SimFaultSpec | null;
  /** Resolves once the fault is in effect (e.g. the port closed for `refuse`). */
  setFault(fault: SimFaultInput | null): Promise<void>;
  /** A new ed25519 host key (a reinstalled node): returns the new fingerprint; open connections are closed. */
  rotateHostKey(): Promise<string>;
  /** vzctl restart: the CT stops and starts again, its failcnt back to 0. False when no such CT. */
  restartContainer(ctId: number): boolean;
  stop(): Promise<void>;
}

type KeyMode = 'own' | 'legacy' | 'impostor';

export class FleetNode implements SimNode, SimHost {
  readonly user = 'root' as const;
  readonly index: number;
  readonly name: string;
  readonly hostname: string;
  readonly host: string;
  port: number;
  readonly model: SimNodeModel;
  cptLoaded = true;
  vzDiskKb: number;
  readonly locks = new Map<number, SimLock>();
  readonly directory: SimDirectory;
  readonly timeScale: number;

  private readonly nodeDir: string;
  private readonly keys: readonly ParsedKey[];
  private readonly clock: () => number;
  private readonly workloads: boolean;
  private readonly compression: boolean;
  private faultSpec: SimFaultSpec | null;
  private lastMs: number;
  private ownKey: HostKey;
  private legacyKey: HostKey | null = null;
  private impostorKey: HostKey | null = null;
  private keyMode: KeyMode = 'own';
  private ssh: InstanceType<typeof Server>;
  private readonly listener: net.Server;
  private listening = false;
  private readonly sockets = new Set<net.Socket>();
  private readonly byPeer = new Map<string, net.Socket>();
  private readonly running = new Set<AbortController>();
  private stopped = false;

  constructor(opts: SimNodeOptions) {
    this.index = opts.index;
    this.host = opts.host ?? '127.0.0.1';
    this.port = opts.port;
    this.nodeDir = join(opts.dataDir, `node-${opts.index}`);
    this.keys = opts.authorizedKeys;
    this.clock = opts.clock;
    this.timeScale = opts.timeScale;
    this.directory = opts.directory;
    this.workloads = opts.workloads;
    this.compression = opts.compression;
    this.model = createNodeModel({ seed: opts.seed, index: opts.index, ctsPerNode: opts.ctsPerNode, name: opts.name, generation: opts.generation });
    if (this.workloads) assignWorkloads(this.model);
    this.name = this.model.name;
    this.hostname = this.model.hostname;
    this.vzDiskKb = defaultVzDiskKb(this.model);
    this.lastMs = this.clock();
    this.faultSpec = opts.fault ? toFaultSpec(opts.fault) : null;
    this.ownKey = loadOrCreateHostKey(this.nodeDir);
    this.prepareKeys();
    this.keyMode = this.wantedKeyMode();
    this.ssh = this.createSshServer();
    this.listener = net.createServer((socket) => this.onSocket(socket));
    this.listener.on('error', () => {
      // Errors after start (rare) leave the node down; listen() reports its own.
    });
  }

  get fault(): SimFault | null {
    return this.faultSpec?.fault ?? null;
  }

  get hostKeyFingerprint(): string {
    return this.keyMode === 'legacy' ? this.legacyKey!.fingerprint : this.ownKey.fingerprint;
  }

  get presentedFingerprint(): string {
    return this.presentedKey().fingerprint;
  }

  getFault(): SimFault | null {
    return this.fault;
  }

  getFaultSpec(): SimFaultSpec | null {
    return this.faultSpec;
  }

  /** Advances the model to the clock's now; returns the node's epoch ms (clock skew included). */
  tick(): number {
    const now = this.clock();
    if (now > this.lastMs) {
      const ms = now - this.lastMs;
      if (this.workloads) advanceWithWorkloads(this.model, ms, now, (ctId) => this.locks.has(ctId));
      else advance(this.model, ms);
    }
    this.lastMs = Math.max(this.lastMs, now);
    return now + (this.fault === 'clock-skew' ? (this.faultSpec?.skewMs ?? DEFAULT_SKEW_MS) : 0);
  }

  async start(): Promise<void> {
    if (this.fault !== 'refuse') await this.listen();
  }

  async setFault(input: SimFaultInput | null): Promise<void> {
    const before = this.fault;
    this.faultSpec = input === null ? null : toFaultSpec(input);
    const after = this.fault;
    this.prepareKeys();
    const mode = this.wantedKeyMode();
    if (mode !== this.keyMode) {
      this.keyMode = mode;
      this.ssh = this.createSshServer();
    }
    const connectTime = (f: SimFault | null) => f !== null && CONNECT_TIME_FAULTS.includes(f);
    if (before !== after && (connectTime(before) || connectTime(after))) this.dropConnections();
    if (after === 'refuse') await this.unlisten();
    else if (!this.listening && !this.stopped) await this.listen();
  }

  async rotateHostKey(): Promise<string> {
    this.ownKey = rotateHostKey(this.nodeDir);
    if (this.keyMode === 'own') this.ssh = this.createSshServer();
    this.dropConnections();
    return this.ownKey.fingerprint;
  }

  restartContainer(ctId: number): boolean {
    this.tick();
    const ct = this.model.containers.find((c) => c.ctId === ctId);
    if (!ct) return false;
    restartContainer(this.model, ct);
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const a of this.running) a.abort();
    await this.unlisten();
  }

  private prepareKeys(): void {
    if (this.fault === 'legacy-kex') this.legacyKey ??= loadOrCreateRsaHostKey(this.nodeDir);
    if (this.fault === 'wrong-host-key') this.impostorKey ??= loadOrCreateImpostorHostKey(this.nodeDir);
  }

  private wantedKeyMode(): KeyMode {
    return this.fault === 'legacy-kex' ? 'legacy' : this.fault === 'wrong-host-key' ? 'impostor' : 'own';
  }

  private presentedKey(): HostKey {
    return this.keyMode === 'legacy' ? this.legacyKey! : this.keyMode === 'impostor' ? this.impostorKey! : this.ownKey;
  }

  private createSshServer(): InstanceType<typeof Server> {
    // OpenSSH's default ClientAliveInterval is 0: sshd never pings the client. ssh2's Server pings
    // after 15 s of silence unless told otherwise, and no setting turns that off; an interval past
    // any run (24.8 days, setInterval's ceiling) is the nearest to never.
    const config: ServerConfig = { hostKeys: [this.presentedKey().privateKey], ident: 'OpenSSH_5.3', keepaliveInterval: 2 ** 31 - 1 };
    if (this.keyMode === 'legacy') config.algorithms = LEGACY_ALGORITHMS;
    else if (!this.compression) config.algorithms = { compress: ['none'] };
    return new Server(config, (client, info) => this.onConnection(client, `${info.ip}:${info.port}`));
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.listener.once('error', onError);
      this.listener.listen(this.port, this.host, () => {
        this.listener.off('error', onError);
        const address = this.listener.address();
        if (typeof address === 'object' && address) this.port = address.port;
        this.listening = true;
        resolve();
      });
    });
  }

  private unlisten(): Promise<void> {
    this.dropConnections();
    if (!this.listening) return Promise.resolve();
    this.listening = false;
    return new Promise((resolve) => this.listener.close(() => resolve()));
  }

  private dropConnections(): void {
    for (const s of this.sockets) s.destroy();
  }

  private onSocket(socket: net.Socket): void {
    if (this.stopped) return void socket.destroy();
    this.sockets.add(socket);
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    this.byPeer.set(peer, socket);
    socket.on('error', () => {
      // A client that resets the connection is not the node's problem.
    });
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (this.byPeer.get(peer) === socket) this.byPeer.delete(peer);
    });
    if (this.fault === 'silent') return; // accepted, and then not a byte
    this.ssh.injectSocket(socket);
  }

  private onConnection(client: Connection, peer: string): void {
    serveConnection(client, {
      host: this,
      authorizedKeys: this.keys,
      faultSpec: () => this.faultSpec,
      running: this.running,
      cut: () => this.byPeer.get(peer)?.end(() => this.byPeer.get(peer)?.destroy()),
    });
  }
}
