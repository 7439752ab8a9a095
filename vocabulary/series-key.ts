import { isCtOrHostId } from './ct-id';

/**
 * The names of history series: what the collector stores, the history router accepts and the
 * charts ask for. Values and their units are described where they are computed
 * (server/history/series.ts).
 *
 * Key grammar (ABNF-ish; keys never contain spaces):
 *
 *   key        = ct-key / node-key
 *   ct-key     = "ct/" ct-id "/" ( resource / "@" ct-derived )
 *   node-key   = "node/" node-figure
 *   ct-id      = a CT id or "0", the node itself (vocabulary/ct-id.ts)
 *   resource   = %x61-7A *( %x61-7A / DIGIT / "_" )      ; a beancounter name: "privvmpages", "numproc"
 *   ct-derived = "allocCommit" / "cpuGuarantee" / "diskspace" / "diskinodes"
 *   node-figure = "lowmemUtil" / "lowmemCommit" / "ramUtil" / "memswapUtil" / "memswapCommit"
 *              / "allocUtil" / "allocCommit" / "allocLimit" / "cpuCommitted" / "runningCts" / "failcnt"
 */

export const CT_DERIVED = ['allocCommit', 'cpuGuarantee', 'diskspace', 'diskinodes'] as const;
export type CtDerived = (typeof CT_DERIVED)[number];
/** vzmemcheck's summary columns (server/openvz/formulas MEMORY_COLUMNS, checked there) and three more. */
export const NODE_FIGURES = [
  'lowmemUtil', 'lowmemCommit', 'ramUtil', 'memswapUtil', 'memswapCommit', 'allocUtil', 'allocCommit', 'allocLimit',
  'cpuCommitted', 'runningCts', 'failcnt',
] as const;
export type NodeFigure = (typeof NODE_FIGURES)[number];

export type SeriesKeyParts =
  | { kind: 'ct'; ctId: string; resource: string }
  | { kind: 'ct-derived'; ctId: string; figure: CtDerived }
  | { kind: 'node'; figure: NodeFigure };

export const ctSeriesKey = (ctId: string, resource: string): string => `ct/${ctId}/${resource}`;
export const ctDerivedKey = (ctId: string, figure: CtDerived): string => `ct/${ctId}/@${figure}`;
export const nodeSeriesKey = (figure: NodeFigure): string => `node/${figure}`;

const CT_KEY = /^ct\/([^/]+)\/(@?)([A-Za-z][A-Za-z0-9_]*)$/;
const NODE_KEY = /^node\/([A-Za-z]+)$/;

/** Splits a key by the grammar above; null when it is not one. */
export function parseSeriesKey(key: string): SeriesKeyParts | null {
  const ct = CT_KEY.exec(key);
  if (ct) {
    const [, ctId, at, name] = ct as unknown as [string, string, string, string];
    if (!isCtOrHostId(ctId)) return null;
    if (at) return (CT_DERIVED as readonly string[]).includes(name) ? { kind: 'ct-derived', ctId, figure: name as CtDerived } : null;
    return /^[a-z][a-z0-9_]*$/.test(name) ? { kind: 'ct', ctId, resource: name } : null;
  }
  const node = NODE_KEY.exec(key);
  if (node && (NODE_FIGURES as readonly string[]).includes(node[1]!)) return { kind: 'node', figure: node[1] as NodeFigure };
  return null;
}
