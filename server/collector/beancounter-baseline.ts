import type { Beancounter, BeancounterBlock } from '../openvz/beancounters';

/**
 * What the next poll of a node needs of this poll's beancounters: failcnt (the failcnt events'
 * baseline) and barrier/limit (the limit observations'), per row, in typed memory. Decoding the
 * stored bytes back into ~1,500 row objects for that was the largest part of the store step in
 * the collector's profile (issue 16); most polls list the same CTs and resources in the same order,
 * so the previous figures can be laid over this poll's own rows instead.
 */
export interface BeancounterBaseline {
  ctIds: string[];
  rowCounts: Uint32Array;
  /** Resource of every row, all blocks in order. */
  resources: string[];
  /** failcnt, barrier, limit of every row; NaN = null (unlimited). */
  figures: Float64Array;
}

const FIGURES_PER_ROW = 3;

export function baselineOf(blocks: readonly BeancounterBlock[]): BeancounterBaseline {
  let rows = 0;
  for (const b of blocks) rows += b.beancounters.length;
  const resources: string[] = new Array(rows);
  const figures = new Float64Array(rows * FIGURES_PER_ROW);
  const rowCounts = new Uint32Array(blocks.length);
  let r = 0;
  blocks.forEach((block, k) => {
    rowCounts[k] = block.beancounters.length;
    for (const bc of block.beancounters) {
      resources[r] = bc.resource;
      const f = r * FIGURES_PER_ROW;
      figures[f] = bc.failcnt;
      figures[f + 1] = bc.barrier ?? NaN;
      figures[f + 2] = bc.limit ?? NaN;
      r++;
    }
  });
  return { ctIds: blocks.map((b) => b.ctId), rowCounts, resources, figures };
}

/**
 * The previous poll's beancounters as failcnt events and limit observations read them: `next`'s
 * rows, each carrying the baseline's failcnt, barrier and limit (a row whose figures did not move
 * is `next`'s own object, a block with no moved row is `next`'s own block). held and maxheld are
 * this poll's, not the previous one's: nothing that reads a baseline looks at them. Null when the
 * two polls do not list the same CTs with the same resources in the same order; the caller then
 * reads the stored bytes.
 */
export function previousOver(baseline: BeancounterBaseline, next: readonly BeancounterBlock[]): BeancounterBlock[] | null {
  if (next.length !== baseline.ctIds.length) return null;
  let r = 0;
  for (let k = 0; k < next.length; k++) {
    const block = next[k]!;
    if (block.ctId !== baseline.ctIds[k] || block.beancounters.length !== baseline.rowCounts[k]) return null;
    for (const bc of block.beancounters) if (bc.resource !== baseline.resources[r++]) return null;
  }
  const f = baseline.figures;
  const out: BeancounterBlock[] = new Array(next.length);
  r = 0;
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
