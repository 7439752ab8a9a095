import { type Line, failAt, isBlank, parseDecimal, splitNonEmpty, tokens } from './tool-text';

/** `vzcalc [-v] <CTID>` (docs/openvz/FORMULAS.md §3): the share of the node one CT's limits represent, in %. */
export interface VzcalcRow {
  /** As printed: "Low Mem", "Total RAM", "Mem + Swap", "Alloc. Mem", "Num. Proc". */
  resource: string;
  /** null where the tool prints n/a. */
  current: number | null;
  promised: number | null;
  max: number | null;
}

export interface Vzcalc {
  /** The per-resource rows of -v; empty without -v. */
  rows: VzcalcRow[];
  /** The final "Memory" line: the largest value of each column. */
  memory: VzcalcRow;
}

const TOOL = 'vzcalc' as const;
const HEADER = 'Resource Current(%) Promised(%) Max(%)';

function readRow(line: Line): VzcalcRow {
  const t = tokens(line.text);
  if (t.length < 4) failAt(line, `expected a resource and 3 values, found ${t.length} fields`);
  const value = (tok: string, what: string) => (tok === 'n/a' ? null : parseDecimal(line, tok, what));
  const [cur, prom, max] = t.slice(-3) as [string, string, string];
  return {
    resource: t.slice(0, -3).join(' '),
    current: value(cur, 'Current'),
    promised: value(prom, 'Promised'),
    max: value(max, 'Max'),
  };
}

export function parseVzcalc(text: string): Vzcalc {
  const lines = splitNonEmpty(TOOL, text);
  const header = lines[0]!;
  if (tokens(header.text).join(' ') !== HEADER) failAt(header, `expected the header "${HEADER}"`);
  const dash = lines.findIndex((l) => /^-{10,}$/.test(l.text.trim()));
  // Without -v vzcalc prints the header and the Memory line only (vzctl src/vzcalc.c, all versions).
  if (dash < 0 && lines.length === 2 && tokens(lines[1]!.text)[0] === 'Memory') {
    const memory = readRow(lines[1]!);
    if (memory.resource !== 'Memory') failAt(lines[1]!, 'expected the "Memory" line');
    return { rows: [], memory };
  }
  if (dash < 0) failAt(lines[lines.length - 1]!, 'no dashes line before the Memory line (truncated)');
  const body = lines.slice(1, dash);
  for (const l of body) if (isBlank(l)) failAt(l, 'blank line among vzcalc rows');
  const tail = lines.slice(dash + 1);
  if (tail.length !== 1) failAt(tail[1] ?? lines[dash]!, 'expected exactly one "Memory" line after the dashes');
  const memory = readRow(tail[0]!);
  if (memory.resource !== 'Memory') failAt(tail[0]!, 'expected the "Memory" line');
  return { rows: body.map(readRow), memory };
}
