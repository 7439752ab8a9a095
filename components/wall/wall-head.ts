import type { FleetNode, FleetOverview } from '@/trpc/types';
import { countLevels } from '@/components/fleet/overview-head';
import { fleetStaleAfterMs, newestCollectedMs, worstFirst } from './wall-pages';

/** Tiles sent with the page: a page of a large TV (10 × 6 tiles of 340 × 170), more than the first page of most screens. */
export const WALL_HEAD_TILES = 60;

/**
 * The wall's first picture, computed on the server from the whole fleet: the worst tiles (the
 * first page) and the fleet-wide figures of the status bar. The page sends this instead of all
 * 1000 nodes; the screen's own polling brings the rest. Pure.
 */
export interface WallHead {
  nowMs: number;
  total: number;
  counts: { bad: number; warn: number; ok: number; unknown: number };
  /** The newest figures' time (epoch ms), 0 when nothing was ever collected. */
  newestMs: number;
  staleAfterMs: number;
  nodes: FleetNode[];
}

export function wallHead(data: FleetOverview, tiles = WALL_HEAD_TILES): WallHead {
  const sorted = [...data.nodes].sort(worstFirst);
  return { nowMs: data.nowMs, total: data.nodes.length, counts: countLevels(data.nodes), newestMs: newestCollectedMs(data.nodes), staleAfterMs: fleetStaleAfterMs(data.nodes), nodes: sorted.slice(0, tiles) };
}
