/**
 * The fleet's address book: how one simulated node reaches another (vzmigrate's `dst-host`).
 * A node answers to its name (`sim-3`), its host name (`sim-3.vzfleet.test`) and its address when
 * that address is its own (`--host-per-node` gives node i 127.0.x.y); with every node on
 * 127.0.0.1 the address alone is ambiguous, unless a port is given (`--ssh="-p 22002"`).
 */
import type { SimNodeModel } from './model';
import type { SimFault } from './fault-names';

/** What a command running on a node may know and change of that node beyond its model. */
export interface SimHost {
  readonly index: number;
  readonly name: string;
  readonly hostname: string;
  /** The address it listens on. */
  readonly host: string;
  readonly port: number;
  readonly model: SimNodeModel;
  readonly fault: SimFault | null;
  /** vzcpt and vzrst kernel modules loaded (live migration needs them on both sides). */
  cptLoaded: boolean;
  /** Size of the /vz partition (KiB); free = size − Σ CT diskspace usage. */
  vzDiskKb: number;
  /** CTs locked by a running vzmigrate (`/vz/lock/<ctid>.lck`), by ctId. */
  readonly locks: Map<number, SimLock>;
  /** Advances the model to the clock's now; returns the epoch ms of that now (node clock skew applied). */
  tick(): number;
  /** The other nodes of the fleet. */
  readonly directory: SimDirectory;
  /** Real wait = simulated duration × timeScale (1 = real time; tests use e.g. 0.001). */
  readonly timeScale: number;
}

export interface SimLock {
  pid: number;
  /** The lock holder's command line, as `ps -f` shows it. */
  command: string;
  sinceEpochMs: number;
}

export type Resolution = { ok: true; host: SimHost } | { ok: false; reason: 'unknown' | 'ambiguous' };

export class SimDirectory {
  private readonly hosts: SimHost[] = [];

  add(host: SimHost): void {
    this.hosts.push(host);
  }

  list(): readonly SimHost[] {
    return this.hosts;
  }

  /** `target` as given to ssh: `[user@]name|hostname|address`; `port` from `-p`, when given. */
  resolve(target: string, port?: number): Resolution {
    const bare = target.replace(/^[^@]*@/, '').toLowerCase();
    const byName = this.hosts.filter((h) => h.name.toLowerCase() === bare || h.hostname.toLowerCase() === bare);
    const candidates = byName.length > 0 ? byName : this.hosts.filter((h) => h.host === bare);
    const matching = port === undefined ? candidates : candidates.filter((h) => h.port === port);
    if (matching.length === 1) return { ok: true, host: matching[0]! };
    return { ok: false, reason: matching.length === 0 ? 'unknown' : 'ambiguous' };
  }
}

/** KiB used on the node's /vz partition: the CTs' private areas. */
export function usedDiskKb(model: SimNodeModel): number {
  return model.containers.reduce((sum, ct) => sum + ct.diskspace.usage, 0);
}

export function freeDiskKb(host: SimHost): number {
  return Math.max(0, host.vzDiskKb - usedDiskKb(host.model));
}

/** A /vz partition with room to spare: 1.5 × what the CTs use now plus 200 GiB, rounded up to 100 GiB. */
export function defaultVzDiskKb(model: SimNodeModel): number {
  const step = 100 * 1048576;
  return Math.ceil((usedDiskKb(model) * 1.5 + 2 * step) / step) * step;
}
