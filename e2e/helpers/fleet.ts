import fs from 'node:fs';
import path from 'node:path';

/** What the global setup started for the specs: simulated nodes and a few deliberately broken endpoints. */
export interface E2eFleet {
  nodes: {
    name: string;
    host: string;
    port: number;
    user: string;
    hostKeyFingerprint: string;
    ctIds: string[];
    /** Running CTs have beancounters; stopped ones do not. */
    runningCtIds: string[];
    /** The CT whose usage hovers above its barriers: its failcnt rises nearly every step (5 s). */
    busyCtId: string;
    containers: { ctId: string; hostname: string; ips: string[]; status: string }[];
  }[];
  /** On node 0: a running CT whose hostname is HOSTILE_HOSTNAME. */
  hostileCtId: string;
  /** Index into `nodes` of the node whose /proc/user_beancounters output is garbled. */
  garbledIndex: number;
  clientKeyPath: string;
  /** A valid private key the simulated nodes do not accept. */
  wrongKeyPath: string;
  /** A TCP server that accepts connections and never says a word. */
  silent: { host: string; port: number };
  /** The simulated fleet's control endpoint (sim/control/control.ts): faults, CT hostnames, … */
  controlUrl: string;
}

/** Markup as a hostname (hostile-text.spec.ts sets one with spaces and Cyrillic too). */
export const HOSTILE_HOSTNAME = '<img/src=x/onerror=alert(1)>';

export function fleetFile(): string {
  const dir = process.env.VZFLEET_E2E_DIR;
  if (!dir) throw new Error('VZFLEET_E2E_DIR is not set: run the specs through playwright.config.ts');
  return path.join(dir, 'fleet.json');
}

export function readFleet(): E2eFleet {
  return JSON.parse(fs.readFileSync(fleetFile(), 'utf8')) as E2eFleet;
}
