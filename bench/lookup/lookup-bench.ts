/**
 * Support-desk lookup latency with and without the trigram indexes (run by hand; prints figures).
 * Needs the Postgres at 127.0.0.1:5432; creates a scratch database and drops it afterwards.
 *
 *   npx tsx bench/lookup/lookup-bench.ts [--nodes 1000] [--cts 60] [--runs 20]
 *
 * Seeds `nodes × cts` containers, then times findLookupHits for a hostname fragment, an IP
 * fragment, a whole IP and a CT-id-like number: first with migration 0005's indexes, then after
 * dropping them (the scan the lookup did before), and prints the median and the plan's top node.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createScratchPostgres } from '../../db/test-databases';
import { findLookupHits, lookupHitsQuery } from '../../server/read-models/lookup';
import { selectRows } from '../../db/sql-rows';
import { seedSyntheticContainers } from '../../server/read-models/test-synthetic-containers';

const { values: args } = parseArgs({ options: { nodes: { type: 'string', default: '1000' }, cts: { type: 'string', default: '60' }, runs: { type: 'string', default: '20' } } });
const QUERIES = ['cust4242.exa', '10.0.42.', '10.3.200.17', '1042'];

const db = await createScratchPostgres('vzfleet_lookup_bench');
try {
  const n = await seedSyntheticContainers(db.db, { nodes: Number(args.nodes), ctsPerNode: Number(args.cts) });
  console.log(`${n} containers on ${args.nodes} nodes`);
  const measure = async (label: string) => {
    for (const q of QUERIES) {
      const times: number[] = [];
      for (let i = 0; i < Number(args.runs); i++) {
        const t0 = performance.now();
        await findLookupHits(db.db, q);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const plan = (await selectRows<{ 'QUERY PLAN': string }>(db.db, sql`explain ${lookupHitsQuery(q)!}`)).map((r) => r['QUERY PLAN']);
      const access = plan.filter((l) => / on (containers|\w+_idx)/.test(l)).map((l) => l.trim().replace(/^->\s*/, '').replace(/\s+\(cost.*$/, '')).join(' + ');
      console.log(`${label.padEnd(10)} ${JSON.stringify(q).padEnd(16)} median ${times[times.length >> 1]!.toFixed(1).padStart(6)} ms   ${access}`);
    }
  };
  await measure('indexed');
  await db.db.execute(sql`drop index containers_hostname_trgm_idx, containers_ips_trgm_idx, containers_ct_id_trgm_idx`);
  await measure('scan');
} finally {
  await db.drop();
}
