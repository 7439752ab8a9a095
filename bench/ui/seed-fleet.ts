/**
 * A big fleet in the database for the UI benchmark: nodes, two polls each stored through the
 * collector's own storeSnapshot (so every table is shaped as in production), poll states, and
 * failcnt events for ~5 % of the containers within the last hour.
 */
import type { Db } from '../../db/client';
import { failcntEvents, nodes } from '../../db/schema';
import { recordPollOutcome } from '../../server/collector/poll-state';
import { storeSnapshot } from '../../server/collector/store-snapshot';
import { createNode, step } from '../history/synthetic-fleet';

const LOCATIONS = ['fra1', 'fra2', 'ams1', 'lon1', 'par1'];
const RESOURCES = ['numproc', 'privvmpages', 'physpages', 'numtcpsock', 'kmemsize'];

export interface SeedResult {
  nodeIds: number[];
  seconds: number;
}

export async function seedFleet(db: Db, nodeCount: number, cts: number, now: number, log: (s: string) => void): Promise<SeedResult> {
  const t0 = performance.now();
  const rows = Array.from({ length: nodeCount }, (_, i) => ({
    name: `hn${String(i + 1).padStart(4, '0')}`,
    host: `10.${Math.floor(i / 250)}.${i % 250}.1`,
    port: 22,
    authMethod: 'agent' as const,
    location: LOCATIONS[i % LOCATIONS.length]!,
    tags: i % 3 === 0 ? ['ssd', 'customer-a'] : ['hdd'],
  }));
  const inserted: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const ids = await db.insert(nodes).values(rows.slice(i, i + 500)).returning({ id: nodes.id });
    inserted.push(...ids.map((r) => r.id));
  }
  const events: (typeof failcntEvents.$inferInsert)[] = [];
  for (const [i, nodeId] of inserted.entries()) {
    const node = createNode(1000 + i, cts);
    // Addresses and hostnames as the lookup will search them.
    for (const [k, ct] of node.snapshot.containers.entries()) {
      ct.hostname = `ct${ct.ctId}.n${i + 1}.example.com`;
      ct.ips = [`10.${100 + Math.floor(i / 250)}.${i % 250}.${k + 2}`];
    }
    for (const [round, at] of [now - 15_000, now - 1_000].entries()) {
      if (round > 0) step(node);
      await storeSnapshot(db, nodeId, node.snapshot, new Date(at), '');
      await recordPollOutcome(db, nodeId, { health: 'ok', at: new Date(at), durationMs: 800, success: true, errorText: null, errorLine: null, presentedFingerprint: null });
    }
    for (const ct of node.snapshot.containers) {
      if (node.r() >= 0.05) continue;
      const resource = RESOURCES[Math.floor(node.r() * RESOURCES.length)]!;
      for (let e = 0; e < 3; e++) {
        events.push({ nodeId, ctId: ct.ctId, resource, at: new Date(now - Math.floor(node.r() * 3_500_000)), delta: 1 + Math.floor(node.r() * 20), failcnt: 100 + e, held: 100, maxheld: 120, barrier: 100, limit: 110 });
      }
    }
    if ((i + 1) % 100 === 0) log(`  seeded ${i + 1}/${nodeCount} nodes (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  for (let i = 0; i < events.length; i += 2000) await db.insert(failcntEvents).values(events.slice(i, i + 2000)).onConflictDoNothing();
  log(`  ${events.length} failcnt events`);
  return { nodeIds: inserted, seconds: (performance.now() - t0) / 1000 };
}
