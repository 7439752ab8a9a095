import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { nodes } from '../db/schema';
import { encryptSecretText } from './ssh/key-vault';

export const DEMO_TAG = 'demo';

/**
 * The built-in demo: a simulated fleet on loopback, added to the inventory and tagged "demo".
 * Only when the inventory holds no real nodes (unless forced), so a real installation is never
 * mixed with simulated data. Ports change per start, so demo rows are refreshed each time.
 */
export async function startDemoFleet(db: Db, opts: { nodes: number; dataDir: string; force: boolean; secret: Buffer }): Promise<{ nodes: number } | null> {
  const existing = await db.select().from(nodes);
  const real = existing.filter((n) => !n.tags.includes(DEMO_TAG));
  if (real.length > 0 && !opts.force) return null;
  // The simulator is loaded only when the demo runs, never by a production start without it.
  const { startSimFleet } = await import('../sim/ssh/server');
  const fleet = await startSimFleet({ nodes: opts.nodes, basePort: 0, dataDir: opts.dataDir, seed: 42 });
  for (const simNode of fleet.nodes) {
    const name = `demo-${simNode.name}`;
    const values = {
      host: simNode.host,
      port: simNode.port,
      sshUser: simNode.user,
      // Stored (encrypted) rather than a key file: key files may only live in VZFLEET_KEY_DIR.
      authMethod: 'stored-key' as const,
      keyFile: null,
      storedKeyEnc: fleet.clientKeyPath ? encryptSecretText(fs.readFileSync(fleet.clientKeyPath, 'utf8'), opts.secret) : null,
      // We started this simulator ourselves, in this process: its key needs no human check.
      hostKeyFingerprint: simNode.hostKeyFingerprint,
      updatedAt: new Date(),
    };
    const row = existing.find((n) => n.name === name);
    if (row) {
      await db.update(nodes).set(values).where(eq(nodes.id, row.id));
    } else {
      await db
        .insert(nodes)
        .values({ name, ...values, location: 'demo (simulated)', tags: [DEMO_TAG], notes: 'Simulated OpenVZ node from vzfleet’s built-in demo.' });
    }
  }
  return { nodes: fleet.nodes.length };
}
