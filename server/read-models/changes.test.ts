import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { recordPollOutcome } from '../collector/poll-state';
import { insertNode } from '../inventory/nodes';
import { parseSecret } from '../ssh/key-vault';
import { createCaller } from '../api/root';
import { createTestServices } from '../test-services';
import { changesAmong, findChangesSince } from './changes';
import { createSharedReads } from './shared-reads';

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

  it('reports the nodes polled since a cursor, and nothing when none was; a shared read answers the same', async () => {
    // A fresh shared window per call: shared or not, the answer is the same.
    const both = async (since: Date | null) => {
      const direct = await findChangesSince(t.db, since);
      const shared = await findChangesSince(t.db, since, createSharedReads({ shareMs: 1000 }));
      expect(shared === null ? null : { ...shared, nodeIds: [...shared.nodeIds].sort() }).toEqual(direct === null ? null : { ...direct, nodeIds: [...direct.nodeIds].sort() });
      return direct;
    };
    expect(await both(null)).toEqual({ cursor: new Date(0).toISOString(), nodeIds: [] });
    const a = await insertNode(t.db, { name: 'a', host: '127.0.0.1', authMethod: 'agent' }, secret);
    const b = await insertNode(t.db, { name: 'b', host: '127.0.0.1', authMethod: 'agent' }, secret);
    await poll(a.id, 1000);
    const first = await both(null);
    expect(first).toEqual({ cursor: new Date(1000).toISOString(), nodeIds: [] });
    expect(await both(new Date(first!.cursor))).toBeNull();
    await poll(b.id, 2000);
    await poll(a.id, 3000);
    const next = await both(new Date(first!.cursor));
    expect(next!.cursor).toBe(new Date(3000).toISOString());
    expect(next!.nodeIds.sort()).toEqual([a.id, b.id].sort());
    expect(await both(new Date(2500))).toEqual({ cursor: new Date(3000).toISOString(), nodeIds: [a.id] });
    expect(await both(new Date(3000))).toBeNull();
  });

  it('streams changes through the tRPC subscription and resumes from lastEventId', async () => {
    // As the server runs it: its streams answer from the shared read of the poll times.
    const services = createTestServices(t, { secret, connectTimeoutMs: 1000, commandTimeoutMs: 1000 }, { sharedReads: createSharedReads({ shareMs: 1000 }) });
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

  it('open streams share one read of the poll times per window', async () => {
    let clock = 0;
    const shared = createSharedReads({ shareMs: 1000, now: () => clock });
    const d = await insertNode(t.db, { name: 'd', host: '127.0.0.1', authMethod: 'agent' }, secret);
    const since = new Date(4000); // after the stream test's polls
    expect(await findChangesSince(t.db, since, shared)).toBeNull();
    await poll(d.id, 5000);
    // Within the window every stream gets the read that started it, as SHARED_READ_MS promises.
    clock = 900;
    expect(await findChangesSince(t.db, since, shared)).toBeNull();
    clock = 1001;
    expect(await findChangesSince(t.db, since, shared)).toEqual({ cursor: new Date(5000).toISOString(), nodeIds: [d.id] });
  });
});

describe('changesAmong', () => {
  it('lists the nodes polled after the cursor and moves the cursor to the newest of them', () => {
    const times = [
      { nodeId: 1, atMs: 1000 },
      { nodeId: 2, atMs: 4000 },
      { nodeId: 3, atMs: 3000 },
    ];
    expect(changesAmong(times, null)).toEqual({ cursor: new Date(4000).toISOString(), nodeIds: [] });
    expect(changesAmong(times, new Date(2000))).toEqual({ cursor: new Date(4000).toISOString(), nodeIds: [2, 3] });
    expect(changesAmong(times, new Date(4000))).toBeNull();
    expect(changesAmong([], null)).toEqual({ cursor: new Date(0).toISOString(), nodeIds: [] });
  });
});
