import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';

/**
 * A fleet-sized containers table in two statements (generate_series), for the lookup's index
 * test and bench: `nodes` nodes with `ctsPerNode` CTs each, hostnames `ct<ctid>.cust<n>.example.com`
 * and one IP `10.<a>.<b>.<c>` per CT, all distinct. Returns the number of containers.
 */
export async function seedSyntheticContainers(db: Db, opts: { nodes: number; ctsPerNode: number }): Promise<number> {
  await db.execute(sql`insert into nodes (name, host, auth_method)
    select 'syn-' || i, '127.0.0.1', 'agent' from generate_series(1, ${opts.nodes}) as i`);
  await db.execute(sql`insert into containers (node_id, ct_id, hostname, ips, status, last_seen_at)
    select n.id, (1000 + j)::text,
      'ct' || (1000 + j) || '.cust' || ((n.id * 7919 + j) % 5000) || '.example.com',
      array['10.' || (k / 65536) || '.' || (k / 256 % 256) || '.' || (k % 256)],
      'running', now()
    from nodes n
    cross join generate_series(1, ${opts.ctsPerNode}) as j
    cross join lateral (select n.id * ${opts.ctsPerNode} + j as k) as kk
    where n.name like 'syn-%'`);
  const rows = opts.nodes * opts.ctsPerNode;
  await analyzeWholeTable(db, rows);
  return rows;
}

/**
 * ANALYZE samples 300 × statistics-target rows at random, so on a bigger table each run draws
 * other histogram bounds: when one happens to hold the fragment a test searches for, the
 * estimate jumps a hundredfold and the planner picks a seq scan. A target large enough for the
 * sample to be the whole table makes the statistics, and so the plans, the same on every run.
 */
async function analyzeWholeTable(db: Db, rows: number): Promise<void> {
  const target = Math.min(10_000, Math.max(100, Math.ceil(rows / 300)));
  await db.transaction(async (tx) => {
    // SET LOCAL: one transaction, so on a pg pool the setting and the ANALYZE share a connection.
    await tx.execute(sql.raw(`set local default_statistics_target = ${target}`));
    await tx.execute(sql`analyze containers`);
  });
}
