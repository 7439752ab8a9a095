import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDb, migrationsFolder } from './migrate';
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

/** A copy of the committed migrations that stops after `lastTag`: a database as an older release left it. */
function migrationsUpTo(lastTag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vzfleet-migrations-'));
  fs.cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  if (last < 0) throw new Error(`no migration ${lastTag}`);
  journal.entries = journal.entries.slice(0, last + 1);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

describe.each(TEST_ENGINES)('migration 0020 (SSH compression off by default) on %s', (engine) => {
  it('turns compression off for nodes added after it and leaves the nodes already there as they were', async () => {
    const before = migrationsUpTo('0019_packed_beancounters');
    const t = await createTestDb(engine, { migrationsFolder: before });
    try {
      // Plain SQL: the row as the release before wrote it, with the column's default of then.
      await t.db.execute(sql`insert into nodes (name, host, auth_method) values ('old', '127.0.0.1', 'agent')`);
      await migrateDb(t);
      await t.db.insert(nodes).values({ name: 'new', host: '127.0.0.1', authMethod: 'agent' });
      const rows = await t.db.select({ name: nodes.name, sshCompression: nodes.sshCompression }).from(nodes).orderBy(nodes.name);
      expect(rows).toEqual([
        { name: 'new', sshCompression: false },
        { name: 'old', sshCompression: true },
      ]);
    } finally {
      await t.drop();
      fs.rmSync(before, { recursive: true, force: true });
    }
  });
});
