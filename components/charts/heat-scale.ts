import { formatAge } from '@/components/format/age';
import { formatPercent } from '@/components/format/units';
import { dataAgeMs, figureOf } from '@/components/fleet/fleet-sort';
import type { HeatFigure } from '@/components/fleet/overview-params';
import type { FleetNode } from '@/trpc/types';
import { HEAT_COLORS } from './palette';

/** What each heat-map figure means, its scale and how to say a value. Pure. */
export interface HeatSpec {
  label: string;
  /** The value at which the darkest colour is reached (the lightest is 0). */
  max: number;
  /** Log scale for counts that span orders of magnitude. */
  log: boolean;
  format: (v: number) => string;
}

const pct = (share: number) => formatPercent(share * 100);

export const HEAT_SPECS: Record<HeatFigure, HeatSpec> = {
  memory: { label: 'Memory commitment (promised / RAM + swap)', max: 3, log: false, format: pct },
  inUse: { label: 'Memory in use (memswap util)', max: 1, log: false, format: pct },
  allocUtil: { label: 'Memory allocated (alloc util)', max: 2, log: false, format: pct },
  cpu: { label: 'CPU guarantees (Σ cpuunits / power)', max: 1.5, log: false, format: pct },
  disk: { label: 'Disk quota used (Σ usage / Σ hard)', max: 1, log: false, format: pct },
  failcnt: { label: 'Refusals in the last hour (failcnt)', max: 1000, log: true, format: (v) => `${Math.round(v)} refusals` },
  dataAge: { label: 'Data age', max: 300_000, log: false, format: (v) => formatAge(new Date(0), v).replace(' ago', ' old').replace('just now', 'fresh') },
};

export function heatValue(n: FleetNode, fig: HeatFigure, nowMs: number): number | null {
  if (fig === 'inUse') return n.memory?.memswapUtil ?? null;
  // Never collected is "no value" (hatched) on the map, though the table sorts it as the oldest.
  if (fig === 'dataAge') return dataAgeMs(n, nowMs);
  return figureOf(n, fig, nowMs);
}

/** 0 … HEAT_COLORS.length - 1; null for "no value". */
export function heatBucket(value: number | null, spec: HeatSpec): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const top = HEAT_COLORS.length - 1;
  const f = spec.log ? Math.log10(1 + Math.max(0, value)) / Math.log10(1 + spec.max) : value / spec.max;
  return Math.max(0, Math.min(top, Math.floor(f * top + 0.5)));
}
