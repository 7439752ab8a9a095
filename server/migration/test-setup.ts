import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, type TestDb } from '../../db/test-databases';
import { startSimFleet, type SimFleet, type SimFleetOptions } from '../../sim/ssh/server';
import { collectNode, type LatestEntry } from '../collector/collect-node';
import { acceptHostKey, insertNode, type NodeRow } from '../inventory/nodes';
import { parseSecret } from '../ssh/key-vault';
import { SshPool } from '../ssh/pool';
import type { MigrationDeps } from './deps';
import { DEFAULT_THRESHOLDS } from './model';

/** Limits no simulated move reaches: tests of jobs and runners are not about placement. */
export const LOOSE_THRESHOLDS = { ...DEFAULT_THRESHOLDS, memInUse: 1, memPromiseOverFleet: 5, memPromiseCeiling: 10, cpuGuarantee: 10 };

export interface MigrationWorld {
  t: TestDb;
  fleet: SimFleet;
  nodes: NodeRow[];
  deps: MigrationDeps;
  /** A fresh pool and cache, as a restarted vzfleet has. */
  freshDeps(): MigrationDeps;
  collectAll(deps?: MigrationDeps): Promise<void>;
  close(): Promise<void>;
}

/** A real database, a simulated fleet over SSH, its nodes in the inventory with their keys accepted and collected once. */
export async function startMigrationWorld(engine: 'pglite' | 'postgres', sim: Partial<SimFleetOptions> = {}): Promise<MigrationWorld> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-migration-'));
  const t = await createTestDb(engine);
  const fleet = await startSimFleet({ nodes: 3, basePort: 0, dataDir, ctsPerNode: 5, seed: 17, generation: 'legacy', timeScale: 0.001, workloads: false, ...sim });
  const secret = parseSecret('ab'.repeat(32));
  const nodes: NodeRow[] = [];
  for (const n of fleet.nodes) {
    const row = await insertNode(t.db, { name: n.name, host: n.host, port: n.port, sshUser: 'root', authMethod: 'key-file', keyFile: fleet.clientKeyPath! }, secret);
    nodes.push(await acceptHostKey(t.db, row.id, n.hostKeyFingerprint));
  }
  const pools: SshPool[] = [];
  const freshDeps = (): MigrationDeps => {
    const ssh = new SshPool({ connectTimeoutMs: 3000 });
    pools.push(ssh);
    return { db: t.db, ssh, clock: () => new Date(), secret, commandTimeoutMs: 5000, latest: new Map<number, LatestEntry>(), thresholds: LOOSE_THRESHOLDS, perNodeLimit: 2, owner: `test-${pools.length}` };
  };
  const deps = freshDeps();
  const collectAll = async (d = deps) => {
    for (const n of nodes) {
      const r = await collectNode(d, n.id);
      if (!r.ok) throw new Error(`collect ${n.name}: ${r.error}`);
    }
  };
  await collectAll();
  return {
    t, fleet, nodes, deps, freshDeps, collectAll,
    close: async () => {
      for (const p of pools) p.closeAll();
      await fleet.stop();
      await t.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
