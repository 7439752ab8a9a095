import type { Beancounter, BeancounterBlock } from '../openvz/beancounters';

/**
 * What the next poll of a node needs of this poll's beancounters: failcnt (the failcnt events'
 * baseline) and barrier/limit (the limit observations'), per row, as unboxed doubles. Decoding the
 * stored bytes back into ~1,500 row objects for that was the largest part of the store step in
 * the collector's profile (issue 16); most polls list the same CTs and resources in the same order,
 * so the previous figures can be laid over this poll's own rows instead.
 *
 * The figures are a plain number[] (V8 keeps it as one array of raw doubles), not a Float64Array:
 * a typed array's memory lives outside V8's heap, and every 64 MB of such memory allocated starts a
 * full collection. At 1000 nodes this array alone was ~34 kB a poll, ~2.2 MB a second.
 */
export interface BeancounterBaseline {
  ctIds: string[];
  rowCounts: readonly number[];
  /** Resource of every row, all blocks in order. */
  resources: string[];
  /** failcnt, barrier, limit of every row; NaN = null (unlimited). */
  figures: readonly number[];
}

const FIGURES_PER_ROW = 3;

/**
 * `previous`, the node's last baseline, lends its arrays of CT ids and resources when this poll's
 * read the same (they nearly always do): kept for a whole interval, fresh copies of them were
 * ~11 kB per poll promoted to the old generation only to be garbage at the next poll.
 */
export function baselineOf(blocks: readonly BeancounterBlock[], previous?: BeancounterBaseline | null): BeancounterBaseline {
  // Pushed, not assigned into new Array(n): that would start as a holey array of small integers.
  const figures: number[] = [];
  for (const block of blocks) {
    for (const bc of block.beancounters) figures.push(bc.failcnt, bc.barrier ?? NaN, bc.limit ?? NaN);
  }
  const same = previous != null && listsSameRows(previous, blocks);
  return {
    ctIds: same ? previous.ctIds : blocks.map((b) => b.ctId),
    rowCounts: same ? previous.rowCounts : blocks.map((b) => b.beancounters.length),
    resources: same ? previous.resources : blocks.flatMap((b) => b.beancounters.map((bc) => bc.resource)),
    figures,
  };
}

/** Whether `blocks` list the CTs and resources of `baseline`, in its order. */
function listsSameRows(baseline: BeancounterBaseline, blocks: readonly BeancounterBlock[]): boolean {
  if (blocks.length !== baseline.ctIds.length) return false;
  let r = 0;
  for (let k = 0; k < blocks.length; k++) {
    const block = blocks[k]!;
    if (block.ctId !== baseline.ctIds[k] || block.beancounters.length !== baseline.rowCounts[k]) return false;
    for (const bc of block.beancounters) if (bc.resource !== baseline.resources[r++]) return false;
  }
  return true;
}

export function previousOver(baseline: BeancounterBaseline, next: readonly BeancounterBlock[]): BeancounterBlock[] | null {
  if (!listsSameRows(baseline, next)) return null;
  const f = baseline.figures;
  const out: BeancounterBlock[] = new Array(next.length);
  let r = 0;
  for (let k = 0; k < next.length; k++) {
    const block = next[k]!;
    let rows: Beancounter[] | null = null;
    for (let i = 0; i < block.beancounters.length; i++, r++) {
      const bc = block.beancounters[i]!;
      const failcnt = f[r * FIGURES_PER_ROW]!;
      const barrier = nullable(f[r * FIGURES_PER_ROW + 1]!);
      const limit = nullable(f[r * FIGURES_PER_ROW + 2]!);
      if (bc.failcnt === failcnt && bc.barrier === barrier && bc.limit === limit) continue;
      rows ??= block.beancounters.slice();
      rows[i] = { ...bc, failcnt, barrier, limit };
    }
    out[k] = rows ? { ctId: block.ctId, beancounters: rows } : block;
  }
  return out;
}

const nullable = (v: number) => (Number.isNaN(v) ? null : v);
