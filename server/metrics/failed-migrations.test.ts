import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationJobs } from '../../db/schema-migration';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { insertNode } from '../inventory/nodes';
import { parseSecret } from '../ssh/key-vault';
import { countFailedMigrations } from './failed-migrations';

describe.each(TEST_ENGINES)('countFailedMigrations on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('counts only failed jobs, by source node name', async () => {
    const secret = parseSecret('56'.repeat(32));
    const a = await insertNode(t.db, { name: 'hn-a', host: '127.0.0.1', authMethod: 'agent' }, secret);
    const b = await insertNode(t.db, { name: 'hn-b', host: '127.0.0.2', authMethod: 'agent' }, secret);
    const job = (id: string, source: typeof a, status: 'failed' | 'succeeded' | 'running') => ({
      id, ctId: '101', sourceNodeId: source.id, targetNodeId: (source === a ? b : a).id, sourceName: source.name, targetName: (source === a ? b : a).name,
      online: true, status, requestedBy: 'test', createdAt: new Date(),
    });
    expect(await countFailedMigrations(t.db)).toEqual(new Map());
    await t.db.insert(migrationJobs).values([job('j1', a, 'failed'), job('j2', a, 'failed'), job('j3', a, 'succeeded'), job('j4', b, 'running')]);
    expect(await countFailedMigrations(t.db)).toEqual(new Map([['hn-a', 2]]));
  });
});
