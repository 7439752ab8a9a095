import type { Db } from '../../db/client';
import { listFleetOverview, type FleetNodeRow, type FleetOverview, type FleetReadOptions } from './fleet-overview';

/**
 * What the overview table, its heat map and the wall screen draw of a node — and nothing else:
 * at 1000 nodes every field is sent 1000 times (and the wall refetches every few seconds). The
 * reasons, health-since, poll interval and recent-window counts stay on the node page (node.byId).
 */
export interface FleetOverviewRow {
  id: number;
  name: string;
  location: string;
  tags: string[];
  health: string;
  /** Only when the figures are stale: otherwise an old error would be noise (and bytes). */
  lastErrorText: string | null;
  lastErrorLine: string | null;
  collectedAtMs: number | null;
  cts: FleetNodeRow['cts'];
  /** Only the figures the row and the heat map draw (alloc commit, oversell, excluded CTs stay on the node page). */
  memory: Pick<NonNullable<FleetNodeRow['memory']>, 'model' | 'commitment' | 'allocUtil' | 'memswapUtil'> | null;
  cpu: FleetNodeRow['cpu'];
  disk: FleetNodeRow['disk'];
  failures: Pick<FleetNodeRow['failures'], 'events1h' | 'refusals1h' | 'containers1h'>;
  status: Pick<FleetNodeRow['status'], 'level' | 'headline' | 'stale' | 'staleAfterMs' | 'severity'>;
}

export interface FleetOverviewRows {
  nowMs: number;
  nodes: FleetOverviewRow[];
}

export function toOverviewRow(n: FleetNodeRow): FleetOverviewRow {
  const s = n.status;
  const f = n.failures;
  return {
    id: n.id,
    name: n.name,
    location: n.location,
    tags: n.tags,
    health: n.health,
    lastErrorText: s.stale ? n.lastErrorText : null,
    lastErrorLine: s.stale ? n.lastErrorLine : null,
    collectedAtMs: n.collectedAtMs,
    cts: n.cts,
    memory: n.memory ? { model: n.memory.model, commitment: n.memory.commitment, allocUtil: n.memory.allocUtil, memswapUtil: n.memory.memswapUtil } : null,
    cpu: n.cpu,
    disk: n.disk,
    failures: { events1h: f.events1h, refusals1h: f.refusals1h, containers1h: f.containers1h },
    status: { level: s.level, headline: s.headline, stale: s.stale, staleAfterMs: s.staleAfterMs, severity: s.severity },
  };
}

export function toOverviewRows(o: FleetOverview): FleetOverviewRows {
  return { nowMs: o.nowMs, nodes: o.nodes.map(toOverviewRow) };
}

/** The overview's and the wall's rows: the fleet read model, trimmed to what they show. */
export async function listFleetOverviewRows(db: Db, now: Date, opts: FleetReadOptions = {}): Promise<FleetOverviewRows> {
  return toOverviewRows(await listFleetOverview(db, now, opts));
}
