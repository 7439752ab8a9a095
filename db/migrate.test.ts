import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDb } from './migrate';
import { packBeancounters, unpackBeancounters } from '../server/collector/packed-snapshot';
import { nodes, snapshots } from './schema';
import { createTestDb, TEST_ENGINES, type TestDb } from './test-databases';

describe.each(TEST_ENGINES)('schema on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('applies the committed migrations and is idempotent on a second run', async () => {
    await migrateDb(t);
    const rows = await t.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
    const names = (rows as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
    expect(names).toEqual(
      expect.arrayContaining(['nodes', 'containers', 'failcnt_events', 'node_poll_state', 'snapshots', 'history_buckets']),
    );
    expect(names).not.toEqual(
      expect.arrayContaining(['beancounter_samples']),
    );
  });

  it('stores LONG_MAX-free unlimited values as NULL and big held values exactly', async () => {
    const [node] = await t.db.insert(nodes).values({ name: 'n1', host: '127.0.0.1', authMethod: 'agent' }).returning();
    // 2^53 - 1: the largest value the parsers hand over as a JS number.
    const blocks = [{ ctId: '101', beancounters: [{ resource: 'kmemsize', held: 9007199254740991, maxheld: 1, barrier: null, limit: null, failcnt: 0 }] }];
    const [snap] = await t.db.insert(snapshots).values({ nodeId: node!.id, collectedAt: new Date(), beancounters: packBeancounters(blocks), quotas: [] }).returning();
    const [row] = await t.db.select().from(snapshots).where(eq(snapshots.id, snap!.id));
    expect(unpackBeancounters(row!.beancounters)).toEqual(blocks);
  });

  it('rejects a second node with the same name', async () => {
    await expect(t.db.insert(nodes).values({ name: 'n1', host: '127.0.0.2', authMethod: 'agent' })).rejects.toThrow();
  });
});
