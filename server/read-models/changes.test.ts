import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { recordPollOutcome } from '../collector/poll-state';
import { insertNode } from '../inventory/nodes';
import { parseSecret } from '../ssh/key-vault';
import { createCaller } from '../api/root';
import { createTestServices } from '../test-services';
import { findChangesSince } from './changes';

describe.each(TEST_ENGINES)('live changes on %s', (engine) => {
  let t: TestDb;
  const secret = parseSecret('02'.repeat(32));
  beforeAll(async () => {
    t = await createTestDb(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const poll = (nodeId: number, at: number) =>
    recordPollOutcome(t.db, nodeId, { health: 'ok', at: new Date(at), durationMs: 1, success: true, errorText: null, errorLine: null, presentedFingerprint: null });

  it('reports the nodes polled since a cursor, and nothing when none was', async () => {
    const a = await insertNode(t.db, { name: 'a', host: '127.0.0.1', authMethod: 'agent' }, secret);
    const b = await insertNode(t.db, { name: 'b', host: '127.0.0.1', authMethod: 'agent' }, secret);
    await poll(a.id, 1000);
    const first = await findChangesSince(t.db, null);
    expect(first).toEqual({ cursor: new Date(1000).toISOString(), nodeIds: [] });
    expect(await findChangesSince(t.db, new Date(first!.cursor))).toBeNull();
    await poll(b.id, 2000);
    await poll(a.id, 3000);
    const next = await findChangesSince(t.db, new Date(first!.cursor));
    expect(next!.cursor).toBe(new Date(3000).toISOString());
    expect(next!.nodeIds.sort()).toEqual([a.id, b.id].sort());
  });

  it('streams changes through the tRPC subscription and resumes from lastEventId', async () => {
    const services = createTestServices(t, { secret, connectTimeoutMs: 1000, commandTimeoutMs: 1000 });
    const caller = createCaller({ services, headers: new Headers(), viewer: { kind: 'user', id: 'test-operator', role: 'operator', label: 'operator@test' } });
    const c = await insertNode(t.db, { name: 'c', host: '127.0.0.1', authMethod: 'agent' }, secret);
    const stream = await caller.fleet.onChange({ lastEventId: new Date(3000).toISOString() });
    await poll(c.id, 4000);
    const it = stream[Symbol.asyncIterator]();
    const { value } = await it.next();
    await it.return?.();
    // tracked(id, data) travels as [id, data, brand]
    const [id, data] = value as unknown as [string, { nodeIds: number[] }];
    expect(id).toBe(new Date(4000).toISOString());
    expect(data.nodeIds).toEqual([c.id]);
  });
});
