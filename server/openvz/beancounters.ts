import {
  type Line,
  failAt,
  failWhole,
  isBlank,
  parseCount,
  parseLimit,
  splitNonEmpty,
  tokens,
  type ToolText,
} from './tool-text';

/**
 * /proc/user_beancounters, /proc/bc/resources, /proc/bc/<id>/resources and the Virtuozzo 8
 * `user_beancounters.py` emulation: all the same rows, told apart only by spacing, so they are
 * read by tokens (docs/openvz/FORMATS.md §1).
 */

export interface Beancounter {
  resource: string;
  held: number;
  maxheld: number;
  /** null = unlimited (LONG_MAX or INT_MAX as printed). */
  barrier: number | null;
  /** null = unlimited (LONG_MAX or INT_MAX as printed). */
  limit: number | null;
  failcnt: number;
}

export interface BeancounterBlock {
  /** As printed: "0" (the node), "101", or a UUID on OpenVZ 7. */
  ctId: string;
  beancounters: Beancounter[];
}

export interface Beancounters {
  /** "2.5" from the `Version:` line; null for /proc/bc/<id>/resources, which has none. */
  version: string | null;
  blocks: BeancounterBlock[];
}

const TOOL = 'user_beancounters' as const;
const HEADER = ['uid', 'resource', 'held', 'maxheld', 'barrier', 'limit', 'failcnt'];

interface RowTokens {
  ctId: string | null;
  resource: string;
  numbers: string[];
}

function tokeniseRow(line: Line): RowTokens {
  const toks = tokens(line.text);
  let ctId: string | null = null;
  if (toks[0]?.endsWith(':')) {
    ctId = toks.shift()!.slice(0, -1);
    if (ctId === '') failAt(line, 'empty beancounter id before ":"');
  }
  const [resource, ...numbers] = toks;
  if (resource === undefined || !RESOURCE.test(resource)) {
    failAt(line, `expected a resource name, found ${JSON.stringify(resource ?? '')}`);
  }
  if (numbers.length !== 5) {
    failAt(line, `expected 5 numbers (held maxheld barrier limit failcnt), found ${numbers.length}`);
  }
  return { ctId, resource, numbers };
}

const SHORT_COUNT = /^\d{1,9}$/;

function interpretRow(line: Line, row: RowTokens): Beancounter {
  const [held, maxheld, barrier, limit, failcnt] = row.numbers as [string, string, string, string, string];
  // Fast path for the common row: every value at most 9 digits, so it is a safe integer and not
  // INT_MAX (10 digits) or LONG_MAX (19). The collector parses ~1,500 rows per node per poll.
  if (SHORT_COUNT.test(held) && SHORT_COUNT.test(maxheld) && SHORT_COUNT.test(barrier) && SHORT_COUNT.test(limit) && SHORT_COUNT.test(failcnt)) {
    return { resource: row.resource, held: Number(held), maxheld: Number(maxheld), barrier: Number(barrier), limit: Number(limit), failcnt: Number(failcnt) };
  }
  const what = (col: string) => `${row.resource} ${col}`;
  return {
    resource: row.resource,
    held: parseCount(line, held, what('held')),
    maxheld: parseCount(line, maxheld, what('maxheld')),
    barrier: parseLimit(line, barrier, what('barrier')),
    limit: parseLimit(line, limit, what('limit')),
    failcnt: parseCount(line, failcnt, what('failcnt')),
  };
}

const RESOURCE = /^[a-z][a-z0-9_]*$/;
const LONG_MAX_TEXT = '9223372036854775807';
const INT_MAX_TEXT = '2147483647';
const FAST_CT_ID = /^[0-9A-Za-z-]+$/;
const isGap = (c: number) => c === 32 || c === 9;

function gapEnd(text: string, i: number, n: number): number {
  while (i < n && isGap(text.charCodeAt(i))) i++;
  return i;
}

function wordEnd(text: string, i: number, n: number): number {
  while (i < n && !isGap(text.charCodeAt(i))) i++;
  return i;
}

/**
 * The common row read in one pass, without the token arrays and regex split of the careful path:
 * "[id:] resource n n n n n", ids of digits, letters and dashes, numbers of at most 9 digits,
 * spaces and tabs between. Anything else gives null and the careful path reads the line (and
 * words its error), so results are the same either way. The collector reads ~1,500 rows per node
 * per poll; this was the largest part of parsing in the collector's profile.
 */
function readCommonRow(text: string): { ctId: string | null; bc: Beancounter } | null {
  const n = text.length;
  let i = gapEnd(text, 0, n);
  let end = wordEnd(text, i, n);
  let resource = text.slice(i, end);
  let ctId: string | null = null;
  if (resource.endsWith(':')) {
    ctId = resource.slice(0, -1);
    if (!FAST_CT_ID.test(ctId)) return null;
    i = gapEnd(text, end, n);
    end = wordEnd(text, i, n);
    resource = text.slice(i, end);
  }
  i = end;
  if (!RESOURCE.test(resource)) return null;
  const v: (number | null)[] = [0, 0, 0, 0, 0];
  for (let k = 0; k < 5; k++) {
    i = gapEnd(text, i, n);
    const start = i;
    let x = 0;
    for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) x = x * 10 + (c - 48);
    const len = i - start;
    if (len === 0 || (i < n && !isGap(text.charCodeAt(i)))) return null;
    if (len > 9) {
      // Unlimited barrier/limit as printed; other long values only up to 15 digits (exact in a
      // double) and without leading zeros (the careful path strips them before comparing).
      const token = text.slice(start, i);
      if ((k === 2 || k === 3) && (token === LONG_MAX_TEXT || token === INT_MAX_TEXT)) x = NaN;
      else if (len > 15 || text.charCodeAt(start) === 48) return null;
    }
    v[k] = Number.isNaN(x) ? null : x;
  }
  if (gapEnd(text, i, n) !== n) return null;
  return { ctId, bc: { resource, held: v[0]!, maxheld: v[1]!, barrier: v[2] ?? null, limit: v[3] ?? null, failcnt: v[4]! } };
}

/** Lines before the rows: an optional `Version:` line, then (required after it) the column header. */
function readPreamble(lines: Line[]): { version: string | null; next: number } {
  let i = 0;
  let version: string | null = null;
  const first = lines[0]!;
  const m = /^Version:\s*(\S+)\s*$/.exec(first.text);
  if (m) {
    version = m[1]!;
    i = 1;
  }
  const header = lines[i];
  const isHeader = header !== undefined && tokens(header.text).join(' ') === HEADER.join(' ');
  if (isHeader) return { version, next: i + 1 };
  if (version !== null) {
    if (header === undefined) failAt(first, 'no column header after the Version line');
    failAt(header, 'expected the column header "uid resource held maxheld barrier limit failcnt"');
  }
  return { version, next: 0 };
}

export function parseBeancounters(text: ToolText, options: { ctId?: string } = {}): Beancounters {
  const lines = splitNonEmpty(TOOL, text);
  const { version, next } = readPreamble(lines);
  const rows = lines.slice(next);
  if (rows.length === 0) failAt(lines[lines.length - 1]!, 'header only: no beancounter rows');
  const blocks: BeancounterBlock[] = [];
  let current: BeancounterBlock | undefined;
  for (const line of rows) {
    const common = readCommonRow(line.text);
    if (common) {
      if (common.ctId !== null) {
        current = { ctId: common.ctId, beancounters: [] };
        blocks.push(current);
      } else if (current === undefined) {
        if (options.ctId === undefined) failAt(line, 'row before any "<id>:" block start');
        current = { ctId: options.ctId, beancounters: [] };
        blocks.push(current);
      }
      if (common.bc.resource !== 'dummy') current.beancounters.push(common.bc);
      continue;
    }
    if (isBlank(line)) failAt(line, 'blank line among beancounter rows');
    const row = tokeniseRow(line);
    if (row.ctId !== null) {
      current = { ctId: row.ctId, beancounters: [] };
      blocks.push(current);
    } else if (current === undefined) {
      if (options.ctId === undefined) failAt(line, 'row before any "<id>:" block start');
      current = { ctId: options.ctId, beancounters: [] };
      blocks.push(current);
    }
    const bc = interpretRow(line, row);
    if (bc.resource !== 'dummy') current.beancounters.push(bc);
  }
  if (blocks.length === 0) failWhole(TOOL, 'no beancounter blocks');
  return { version, blocks };
}

/** null is how the parsers spell "unlimited". */
export function isUnlimited(v: number | null): boolean {
  return v === null;
}

export const PAGE_SIZE = 4096;

export function pagesToMiB(pages: number): number {
  return (pages * PAGE_SIZE) / (1024 * 1024);
}

/** docs/openvz/FORMULAS.md §1.2: `*pages` in 4 KiB pages, `*buf`/`*size` in bytes, `num*` are counts. */
export function resourceUnit(resource: string): 'pages' | 'bytes' | 'count' {
  if (resource.endsWith('pages')) return 'pages';
  if (resource.endsWith('buf') || resource.endsWith('size')) return 'bytes';
  return 'count';
}

/**
 * The same resources in the same order, and `same` holds for each pair of rows: what two polls of
 * one CT usually show, so a diff can stop here before it builds maps.
 */
export function sameRows<R extends { resource: string }>(a: readonly R[], b: readonly R[], same: (x: R, y: R) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.resource !== b[i]!.resource || !same(a[i]!, b[i]!)) return false;
  return true;
}

export function findBeancounter(block: BeancounterBlock, resource: string): Beancounter | undefined {
  return block.beancounters.find((b) => b.resource === resource);
}
