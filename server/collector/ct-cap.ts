import type { NodeSnapshot } from './interpret';

/**
 * The most CTs vzfleet keeps of one node per poll. Real OpenVZ nodes run tens to a few hundred
 * CTs; 4096 is ten times a crowded node and keeps one poll's stored rows (a CT row plus ~24
 * beancounters each) near 100 000. Past it the node is shown degraded with the list marked
 * truncated, rather than letting one node's output grow the database and the page without bound.
 */
export const MAX_CTS_PER_NODE = 4096;
const TRUNCATED = 'CT list truncated at ';

/** Keeps the first `max` CTs (and their beancounters, plus the host's block 0), marking the cut. */
export function capContainers(snapshot: NodeSnapshot, max = MAX_CTS_PER_NODE): NodeSnapshot {
  const ctBlocks = snapshot.beancounters.filter((b) => b.ctId !== '0');
  if (snapshot.containers.length <= max && ctBlocks.length <= max) return snapshot;
  const containers = snapshot.containers.slice(0, max);
  const kept = new Set(containers.length ? containers.map((c) => c.ctId) : ctBlocks.slice(0, max).map((b) => b.ctId));
  const beancounters = snapshot.beancounters.filter((b) => b.ctId === '0' || kept.has(b.ctId));
  const seen = Math.max(snapshot.containers.length, ctBlocks.length);
  return {
    ...snapshot,
    containers,
    beancounters,
    // A fast poll carries the last full poll's problems: mark the cut once.
    problems: [...snapshot.problems.filter((p) => !p.startsWith(TRUNCATED)), `${TRUNCATED}${max}: the node reported ${seen} containers`],
  };
}
