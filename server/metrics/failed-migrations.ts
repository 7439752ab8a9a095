import { count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { nodes } from '../../db/schema';
import { migrationJobs } from '../../db/schema-migration';

/**
 * Failed migration jobs by source node name: exported as a gauge that only grows, so the
 * Prometheus rule fires on an increase (as the built-in migration-failed alarm does on a new one).
 */
export async function countFailedMigrations(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .select({ node: nodes.name, n: count() })
    .from(migrationJobs)
    .innerJoin(nodes, eq(nodes.id, migrationJobs.sourceNodeId))
    .where(eq(migrationJobs.status, 'failed'))
    .groupBy(nodes.name);
  return new Map(rows.map((r) => [r.node, Number(r.n)]));
}
