import { type Line, failAt, isBlank, parseDecimal, splitNonEmpty, tokens } from './tool-text';

/** `vzmemcheck [-v] [-A]` (docs/openvz/FORMATS.md §8, docs/openvz/FORMULAS.md §2). Percent, or MB with -A. */
export interface VzmemcheckFigures {
  lowmemUtil: number;
  lowmemCommit: number;
  ramUtil: number;
  memswapUtil: number;
  memswapCommit: number;
  allocUtil: number;
  allocCommit: number;
  allocLimit: number;
}

export type VzmemcheckRow = VzmemcheckFigures & { ctId: string };

export interface Vzmemcheck {
  unit: 'percent' | 'mbytes';
  /** Per running CT with -v; empty without -v. */
  containers: VzmemcheckRow[];
  summary: VzmemcheckFigures;
  /** The -A denominators line in MB: LowMem, LowMem, RAM, then RAM+Swap five times. */
  totalsMb: VzmemcheckFigures | null;
}

const TOOL = 'vzmemcheck' as const;
const KEYS = [
  'lowmemUtil',
  'lowmemCommit',
  'ramUtil',
  'memswapUtil',
  'memswapCommit',
  'allocUtil',
  'allocCommit',
  'allocLimit',
] as const;
const HEADER1 = 'LowMem LowMem RAM MemSwap MemSwap Alloc Alloc Alloc';
/**
 * A 2009 capture (unxsVZ agents/ubc/ubc.c, docs/openvz/FORMATS.md §8) names each column group once
 * above the same eight sub-columns; the figures below it are the same eight, in the same order.
 */
const HEADER1_GROUPS = 'LowMem RAM MemSwap Alloc';
const HEADER2 = 'util commit util util commit util commit limit';

function figures(line: Line, toks: string[]): VzmemcheckFigures {
  if (toks.length !== KEYS.length) {
    failAt(line, `expected ${KEYS.length} values, found ${toks.length} (truncated or missing column)`);
  }
  const entries = KEYS.map((k, i) => [k, parseDecimal(line, toks[i]!, k)] as const);
  return Object.fromEntries(entries) as unknown as VzmemcheckFigures;
}

function isDashes(line: Line): boolean {
  return /^-{20,}$/.test(line.text.trim());
}

interface Cursor {
  lines: Line[];
  i: number;
}

function readUnit(c: Cursor): Vzmemcheck['unit'] | null {
  const m = /^Output values in (%|Mbytes)\s*$/.exec(c.lines[c.i]!.text);
  if (!m) return null;
  c.i++;
  return m[1] === '%' ? 'percent' : 'mbytes';
}

/** Returns whether the header carried the id column (i.e. -v). */
function readHeaders(c: Cursor): boolean | null {
  const h1 = c.lines[c.i];
  if (h1 === undefined) return null;
  const t = tokens(h1.text);
  const verbose = t[0] === 'veid' || t[0] === 'CTID';
  const names = (verbose ? t.slice(1) : t).join(' ');
  if (names !== HEADER1 && names !== HEADER1_GROUPS) return null;
  const h2 = c.lines[c.i + 1];
  if (h2 === undefined) failAt(h1, 'second header line missing (truncated)');
  if (tokens(h2.text).join(' ') !== HEADER2) failAt(h2, `expected "${HEADER2}"`);
  c.i += 2;
  return verbose;
}

export function parseVzmemcheck(text: string): Vzmemcheck {
  const c: Cursor = { lines: splitNonEmpty(TOOL, text), i: 0 };
  let unit = readUnit(c);
  const hasHeaders = c.i < c.lines.length ? readHeaders(c) : null;
  // A captured tail (no unit, no headers) starts at the dashes line, which only -v prints.
  const verbose = hasHeaders ?? (c.lines[c.i] !== undefined && isDashes(c.lines[c.i]!));
  if (unit === null && hasHeaders !== null) failAt(c.lines[0]!, 'missing "Output values in ..." line');
  if (unit !== null && hasHeaders === null) {
    failAt(c.lines[c.i] ?? c.lines[0]!, `expected the column header "${HEADER1}"`);
  }
  const containers: VzmemcheckRow[] = [];
  if (verbose) {
    for (; c.i < c.lines.length && !isDashes(c.lines[c.i]!); c.i++) {
      const line = c.lines[c.i]!;
      if (isBlank(line)) failAt(line, 'blank line among vzmemcheck rows');
      const [ctId, ...rest] = tokens(line.text);
      containers.push({ ctId: ctId!, ...figures(line, rest) });
    }
    if (c.i >= c.lines.length) failAt(c.lines[c.lines.length - 1]!, 'no dashes line before the summary (truncated)');
    c.i++;
  }
  const summaryLine = c.lines[c.i];
  if (summaryLine === undefined) failAt(c.lines[c.lines.length - 1]!, 'summary line missing (truncated)');
  const st = tokens(summaryLine.text);
  if (verbose && st.shift() !== 'Summary:') failAt(summaryLine, 'expected "Summary:" and 8 values');
  const summary = figures(summaryLine, st);
  const totalsLine = c.lines[c.i + 1];
  const totalsMb = totalsLine === undefined ? null : figures(totalsLine, tokens(totalsLine.text));
  const extra = c.lines[c.i + 2];
  if (extra !== undefined) failAt(extra, 'unexpected line after the totals');
  if (unit === 'percent' && totalsLine !== undefined) failAt(totalsLine, 'a totals line only follows -A (Mbytes) output');
  if (unit === null) {
    // Only -A prints the totals line, so a tail that has one is in MB.
    if (totalsMb === null) failAt(c.lines[0]!, 'cannot tell the unit: no "Output values in" line and no totals line');
    unit = 'mbytes';
  }
  return { unit, containers, summary, totalsMb };
}
