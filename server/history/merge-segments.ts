import type { SeriesResult } from './query';

/**
 * One container's history across the nodes it lived on. `parts` are the same series read from
 * each node of its lineage (newest first, as findCtLineage returns it), each with the time its
 * stay ended (null = still there). A point is kept from the node the CT was on at that time, so a
 * migration reads as one continuous line; barrier and limit are the current node's.
 */
export function mergeLineageSeries(parts: readonly { until: number | null; series: readonly SeriesResult[] }[]): SeriesResult[] {
  const [current, ...older] = parts;
  if (!current) return [];
  return current.series.map((s) => {
    const points = [];
    for (let i = parts.length - 1; i >= 0; i--) {
      const part = parts[i]!;
      const from = parts[i + 1]?.until ?? -Infinity;
      const until = part.until ?? Infinity;
      const same = part.series.find((x) => x.key === s.key);
      if (same) points.push(...same.points.filter((p) => p.t >= from && p.t < until));
    }
    return { ...s, points: older.length ? points : s.points };
  });
}
