import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, TEST_ENGINES, type TestDb } from '../../db/test-databases';
import { findLookupHits, lookupHitsQuery } from './lookup';
import { selectRows } from '../../db/sql-rows';
import { seedSyntheticContainers } from './test-synthetic-containers';

/** A thousand nodes of 60 CTs (60 000 containers), the fleet size the benches use. */
const NODES = 1000;
const CTS_PER_NODE = 60;

async function planOf(db: TestDb['db'], q: string): Promise<string> {
  const rows = await selectRows<{ 'QUERY PLAN': string }>(db, sql`explain ${lookupHitsQuery(q)!}`);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe.each(TEST_ENGINES)('lookup trigram indexes on %s', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine);
    await seedSyntheticContainers(t.db, { nodes: NODES, ctsPerNode: CTS_PER_NODE });
  }, 120_000);
  afterAll(async () => {
    await t?.drop();
  });

  it('the statistics cover the whole table, so they do not count the searched fragment as common', async () => {
    // Precondition of the plan assertions below: a histogram bound holding the fragment would
    // make the planner estimate ~1 % of the rows and (rightly) scan.
    const stats = await selectRows<{ bounds: string | null }>(
      t.db,
      sql`select histogram_bounds::text as bounds from pg_stats where tablename = 'containers' and attname = 'hostname'`,
    );
    expect(stats).toHaveLength(1);
    expect(stats[0]!.bounds).not.toContain('cust4242.exa');
  });

  it('a hostname fragment is answered from the hostname-and-name trigram index, not by scanning containers', async () => {
    const plan = await planOf(t.db, 'cust4242.exa');
    // Hostname and CT name are indexed together (migration 0015).
    expect(plan).toContain('containers_lookup_text_trgm_idx');
    expect(plan).not.toMatch(/Seq Scan on containers/);
    const { hits } = await findLookupHits(t.db, 'cust4242.exa');
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.hostname).toContain('.cust4242.example.com');
  });

  it('an IP fragment uses the IP index and a number uses all three (CT id, hostname and name, IP) at once', async () => {
    const ip = await planOf(t.db, '10.0.42.');
    expect(ip).toContain('containers_ips_trgm_idx');
    expect(ip).not.toMatch(/Seq Scan on containers/);
    const num = await planOf(t.db, '1042');
    expect(num).toMatch(/BitmapOr/);
    for (const idx of ['containers_ct_id_trgm_idx', 'containers_lookup_text_trgm_idx', 'containers_ips_trgm_idx']) expect(num).toContain(idx);
    const { hits } = await findLookupHits(t.db, '10.0.42.17');
    expect(hits.map((h) => h.ips)).toContainEqual(['10.0.42.17']);
  });

  it('a fragment of a CT’s name finds it (vzctl set --name), exact names first', async () => {
    await t.db.execute(sql`update containers set name = 'Магазин Ромашка' where ct_id = '1042' and node_id = (select min(node_id) from containers)`);
    const { hits } = await findLookupHits(t.db, 'ромашка');
    expect(hits.map((h) => [h.ct_id, h.name])).toEqual([['1042', 'Магазин Ромашка']]);
    expect((await findLookupHits(t.db, 'магазин ромашка')).hits[0]!.name).toBe('Магазин Ромашка');
    expect(await planOf(t.db, 'ромашка')).not.toMatch(/Seq Scan on containers/);
  });

  it('finds the same rows through the index as a plain scan would', async () => {
    const indexed = (await findLookupHits(t.db, 'ct1017.cust', 1000)).hits.map((h) => `${h.node_id}/${h.ct_id}`).sort();
    const scanned = (
      await selectRows<{ k: string }>(t.db, sql`select node_id || '/' || ct_id as k from containers where position('ct1017.cust' in hostname) > 0`)
    ).map((r) => r.k).sort();
    expect(indexed).toHaveLength(NODES);
    expect(indexed).toEqual(scanned);
  });
});
