/**
 * The shape `history.series({ nodeId, keys, range })` returns (server/history/query.ts): per key,
 * points with the bucket's average and maximum, and the latest barrier/limit (null = unlimited
 * or not applicable). avg/max may be null where the figure had no value.
 */
export interface HistoryPoint {
  t: number;
  avg: number | null;
  max: number | null;
}

export interface HistorySeries {
  key: string;
  points: HistoryPoint[];
  barrier: number | null;
  limit: number | null;
}

/** A failcnt increase to mark on the time axis. */
export interface HistoryMarker {
  t: number;
  delta: number;
  label: string;
}

/** A limit change to draw as a vertical line: when, and who ("changed on the node" when nobody through vzfleet). */
export interface HistoryChangeMark {
  t: number;
  label: string;
}
