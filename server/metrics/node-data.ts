import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { containers } from '../../db/schema';
import { findSnapshotContents } from '../read-models/latest-snapshots';
import type { FleetMetricsNode } from './fleet-data';
import type { NodeDetailInput } from './node-exposition';

/** One node's newest snapshot for the per-node scrape: one row by primary key, and its running CTs. */
export async function findNodeDetail(db: Db, node: Pick<FleetMetricsNode, 'id' | 'name' | 'snapshot'>): Promise<NodeDetailInput> {
  const snap = node.snapshot;
  const [contents, running] = await Promise.all([
    snap ? findSnapshotContents(db, [snap.id]) : Promise.resolve(new Map()),
    db
      .select({ ctId: containers.ctId })
      .from(containers)
      .where(and(eq(containers.nodeId, node.id), eq(containers.present, true), eq(containers.status, 'running'))),
  ]);
  const c = snap ? contents.get(snap.id) : undefined;
  return {
    name: node.name,
    memTotalKb: snap?.memTotalKb ?? null,
    swapTotalKb: snap?.swapTotalKb ?? null,
    lowTotalKb: snap?.lowTotalKb ?? null,
    blocks: c?.blocks ?? [],
    quotas: c?.quotas ?? [],
    runningCtIds: new Set(running.map((r) => r.ctId)),
  };
}
