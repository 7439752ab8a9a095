import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDb } from './migrate';
import { beancounterSamples, nodes, snapshots } from './schema';
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
      expect.arrayContaining(['nodes', 'containers', 'beancounter_samples', 'cpu_figures', 'disk_quotas', 'node_poll_state', 'snapshots']),
    );
  });

  it('stores LONG_MAX-free unlimited values as NULL and big held values exactly', async () => {
    const [node] = await t.db.insert(nodes).values({ name: 'n1', host: '127.0.0.1', authMethod: 'agent' }).returning();
    const [snap] = await t.db.insert(snapshots).values({ nodeId: node!.id, collectedAt: new Date() }).returning();
    // 2^53 - 1: the largest value the parsers hand over as a JS number.
    await t.db.insert(beancounterSamples).values({ snapshotId: snap!.id, ctId: '101', resource: 'kmemsize', held: 9007199254740991, maxheld: 1, barrier: null, limit: null, failcnt: 0 });
    const [row] = await t.db.select().from(beancounterSamples);
    expect(row).toMatchObject({ held: 9007199254740991, barrier: null, limit: null });
  });

  it('rejects a second node with the same name', async () => {
    await expect(t.db.insert(nodes).values({ name: 'n1', host: '127.0.0.2', authMethod: 'agent' })).rejects.toThrow();
  });
});
