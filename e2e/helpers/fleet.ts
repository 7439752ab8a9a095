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
  }[];
  /** Index into `nodes` of the node whose /proc/user_beancounters output is garbled. */
  garbledIndex: number;
  clientKeyPath: string;
  /** A valid private key the simulated nodes do not accept. */
  wrongKeyPath: string;
  /** A TCP server that accepts connections and never says a word. */
  silent: { host: string; port: number };
}

export function fleetFile(): string {
  const dir = process.env.VZFLEET_E2E_DIR;
  if (!dir) throw new Error('VZFLEET_E2E_DIR is not set: run the specs through playwright.config.ts');
  return path.join(dir, 'fleet.json');
}

export function readFleet(): E2eFleet {
  return JSON.parse(fs.readFileSync(fleetFile(), 'utf8')) as E2eFleet;
}
