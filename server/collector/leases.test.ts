import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../../db/schema';
import { createTestDb, type TestDb } from '../../db/test-databases';
import { claimNodeLeases } from './leases';

describe('sharing the fleet between instances on one Postgres', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('postgres');
    await t.db.insert(nodes).values(Array.from({ length: 10 }, (_, i) => ({ name: `n${i}`, host: '127.0.0.1', authMethod: 'agent' as const })));
  });
  afterAll(async () => {
    await t?.drop();
  });

  const ttlMs = 30_000;
  const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, 0) + s * 1000);

  it('splits the nodes between two live instances without overlap, and a dead one\'s nodes are taken over', async () => {
    const a1 = await claimNodeLeases(t.db, { owner: 'a', ttlMs }, at(0));
    expect(a1.size).toBe(10); // alone: the whole fleet
    await claimNodeLeases(t.db, { owner: 'b', ttlMs }, at(1)); // b appears: share 5, nothing free yet
    const a2 = await claimNodeLeases(t.db, { owner: 'a', ttlMs }, at(2)); // a gives back its excess
    const b2 = await claimNodeLeases(t.db, { owner: 'b', ttlMs }, at(3));
    expect(a2.size).toBe(5);
    expect(b2.size).toBe(5);
    expect([...a2].filter((id) => b2.has(id))).toEqual([]);

    // a dies (no more renewals); after its leases and heartbeat expire, b takes everything
    const b3 = await claimNodeLeases(t.db, { owner: 'b', ttlMs }, at(2 + 31));
    const b4 = await claimNodeLeases(t.db, { owner: 'b', ttlMs }, at(2 + 32));
    expect(b4.size).toBe(10);
    expect(b3.size).toBeGreaterThanOrEqual(5);
  });

  it('gives back the nodes the instance names first (the ones it polled last)', async () => {
    const ids = [...(await claimNodeLeases(t.db, { owner: 'p', ttlMs }, at(2000)))].sort((x, y) => x - y);
    expect(ids).toHaveLength(10);
    await claimNodeLeases(t.db, { owner: 'q', ttlMs }, at(2001)); // share 5: p must give back 5
    const order = [ids[3]!, ids[8]!, ids[0]!, ids[6]!, ids[1]!];
    const kept = await claimNodeLeases(t.db, { owner: 'p', ttlMs }, at(2002), [...order, ...ids.filter((id) => !order.includes(id))]);
    expect([...kept].sort((x, y) => x - y)).toEqual(ids.filter((id) => !order.includes(id)));
    const q = await claimNodeLeases(t.db, { owner: 'q', ttlMs }, at(2003));
    expect([...q].sort((x, y) => x - y)).toEqual([...order].sort((x, y) => x - y));
  });

  it('never hands one node to two instances claiming at the same moment', async () => {
    const results = await Promise.all(['x', 'y', 'z'].map((owner) => claimNodeLeases(t.db, { owner, ttlMs }, at(1000))));
    const all = results.flatMap((s) => [...s]);
    expect(new Set(all).size).toBe(all.length);
  });
});
