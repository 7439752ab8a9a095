/**
 * Layout comparison for the fidelity tests: does the simulator's text have the shape of a real
 * capture? Columns are anchored by the capture itself — a column whose values all end at one
 * position is right-aligned there, one whose values all start at one position is left-aligned —
 * and each simulated line must put its values on those anchors, with the same kind of value
 * (integer, 2-decimal number, `-`). A right-aligned value wider than its field pushes the rest of
 * the line, as printf does. Pure functions: text in, a list of problems out.
 */

export interface Token {
  text: string;
  start: number;
  end: number;
}

export function tokenize(line: string): Token[] {
  return [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

export type Shape = 'int' | 'dec2' | 'dash' | 'text';

export function shapeOf(v: string): Shape {
  if (v === '-') return 'dash';
  if (/^\d+$/.test(v)) return 'int';
  if (/^\d+\.\d\d$/.test(v)) return 'dec2';
  return 'text';
}

export interface Anchor {
  align: 'L' | 'R' | 'free';
  at: number;
  shapes: Set<Shape>;
}

/** Anchors of the first `columns` columns of `lines` (the capture's header lines, then its rows from `dataFrom`). */
export function anchorsFrom(lines: readonly string[], columns: number, dataFrom = 1): Anchor[] {
  const rows = lines.map(tokenize).filter((t) => t.length >= columns);
  return Array.from({ length: columns }, (_, i) => {
    const cells = rows.map((t) => t[i]!);
    const starts = new Set(cells.map((c) => c.start));
    const ends = new Set(cells.map((c) => c.end));
    const shapes = new Set(cells.slice(dataFrom).map((c) => shapeOf(c.text)));
    const numeric = [...shapes].every((s) => s !== 'text');
    if (ends.size === 1 && (starts.size > 1 || numeric)) return { align: 'R', at: cells[0]!.end, shapes };
    if (starts.size === 1) return { align: 'L', at: cells[0]!.start, shapes };
    return { align: 'free', at: -1, shapes };
  });
}

function shapeFits(sample: Set<Shape>, s: Shape): boolean {
  if (sample.size === 0 || sample.has('text') || (sample.size === 1 && sample.has('dash'))) return true;
  if (sample.has('dec2')) return s === 'dec2' || s === 'dash';
  return s === 'int' || s === 'dash';
}

export interface RowCheck {
  /** The last column may hold several space-separated values (IP lists). */
  multiLast?: boolean;
  /** Check value shapes (skip for header lines). */
  shapes?: boolean;
}

/** Problems of one simulated line against the anchors, or [] when it fits. */
export function checkRow(line: string, anchors: readonly Anchor[], opts: RowCheck = {}): string[] {
  const toks = tokenize(line);
  const problems: string[] = [];
  if (toks.length < anchors.length || (!opts.multiLast && toks.length > anchors.length)) {
    return [`${JSON.stringify(line)}: ${toks.length} columns, expected ${anchors.length}`];
  }
  let shift = 0;
  anchors.forEach((a, i) => {
    const t = toks[i]!;
    if (opts.shapes && !shapeFits(a.shapes, shapeOf(t.text))) problems.push(`${JSON.stringify(line)}: column ${i + 1} ${JSON.stringify(t.text)} is not like ${[...a.shapes].join('/')}`);
    if (a.align === 'R') {
      const expected = a.at + shift;
      const prevEnd = i > 0 ? toks[i - 1]!.end : -1;
      if (t.end > expected && t.start === prevEnd + 1) shift += t.end - expected;
      else if (t.end !== expected) problems.push(`${JSON.stringify(line)}: column ${i + 1} ends at ${t.end}, expected ${expected}`);
    } else if (a.align === 'L' && t.start !== a.at + shift) {
      problems.push(`${JSON.stringify(line)}: column ${i + 1} starts at ${t.start}, expected ${a.at + shift}`);
    }
  });
  return problems;
}

/** Expands TABs to 8-column stops, as a terminal (or whoever published a capture) does. */
export function expandTabs(line: string): string {
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  return out;
}

export function textLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
