import { type Line, failAt, failWhole, isUnlimitedSafeInteger, isUnlimitedToken, splitLines } from './tool-text';
import { UBC_RESOURCES, UBC_SUFFIXES, findVzlistField } from './vzlist-fields';
import type { Vzlist } from './vzlist';
import type { VzlistRow, VzlistValue } from './vzlist-values';

/**
 * `vzlist -j` (FORMATS.md §10.3) → the same flattened row shape as the table parsers: a UBC
 * object becomes `physpages`, `physpages.m`, `.b`, `.l`, `.f`; diskspace becomes `diskspace`,
 * `.s`, `.h`; booleans become `yes`/`no`; features/capability objects become `name:on,…`.
 */

const TOOL = 'vzlist-json' as const;
const BIG = '\u0000bigint:';
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const UBC_NAMES = new Set(UBC_RESOURCES.map(([n]) => n));
const DISK_KEYS = [['', 'usage'], ['.s', 'softlimit'], ['.h', 'hardlimit']] as const;

interface Scan {
  json: string;
  /** 1-based line of each top-level object's opening brace. */
  objectLines: number[];
}

/**
 * Tokenising: integers too large for a JS number become marked strings before JSON.parse sees them.
 * One pass of a sticky regex: a string (to its closing quote, or to the end when unterminated) is
 * copied as it is, a number is checked, and only the brackets and newlines between them are looked
 * at one by one (a newline inside a string is not counted, as JSON has none there). The text is
 * copied in runs, not a character at a time: a full poll reads this for every CT.
 */
const TOKEN = /"(?:[^"\\]|\\[\s\S]?)*"?|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|[{}[\]\n]|[^"\d{}[\]\n-]+|-/y;
/** A number is read within this many characters (longer digit runs split, and JSON.parse refuses them). */
const NUMBER_WINDOW = 40;
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/;

function protectBigIntegers(text: string): Scan {
  let json = '';
  let copied = 0;
  let depth = 0;
  let lineNo = 1;
  const objectLines: number[] = [];
  for (let i = 0; i < text.length; ) {
    TOKEN.lastIndex = i;
    // Every position starts a token (the last alternatives take any other run, or a lone '-').
    let t = TOKEN.exec(text)![0];
    const ch = t[0]!;
    if (ch === '"') {
      i += t.length;
      continue;
    }
    if (!(ch === '-' ? t.length > 1 : ch >= '0' && ch <= '9')) {
      if (ch === '\n') lineNo++;
      else if (ch === '{' && depth === 1) objectLines.push(lineNo);
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') depth--;
      i += t.length;
      continue;
    }
    if (t.length > NUMBER_WINDOW) t = NUMBER.exec(text.slice(i, i + NUMBER_WINDOW))![0];
    if (t.length >= 16 && /^\d+$/.test(t) && BigInt(t) > MAX_SAFE) {
      json += text.slice(copied, i) + JSON.stringify(BIG + t);
      copied = i + t.length;
    }
    i += t.length;
  }
  return { json: copied === 0 ? text : json + text.slice(copied), objectLines };
}

function syntaxErrorLine(text: string, err: unknown): number {
  const pos = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  if (!pos) return 1;
  return text.slice(0, Number(pos[1])).split('\n').length;
}

/** Where a value sits; the line is looked up only for an error message. */
type Ctx = { lineOf: () => Line; key: string };

/** `part` names a part of ctx's value (`diskspace` `usage`); the key is spelt out only for an error. */
function fail(ctx: Ctx, reason: string, part?: string): never {
  failAt(ctx.lineOf(), `${part === undefined ? ctx.key : `${ctx.key}.${part}`}: ${reason}`);
}

function integer(ctx: Ctx, v: unknown, unlimitedIsNull: boolean, part?: string): number | null {
  if (v === null) return null;
  if (typeof v === 'string' && v.startsWith(BIG)) {
    const digits = v.slice(BIG.length);
    if (unlimitedIsNull && isUnlimitedToken(digits)) return null;
    fail(ctx, `${digits} is larger than a JS number holds exactly`, part);
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(ctx, `expected a non-negative integer, found ${JSON.stringify(v)}`, part);
  // LONG_MAX arrives as BIG above; a number can only be INT_MAX, so no string is made for it.
  return unlimitedIsNull && isUnlimitedSafeInteger(v) ? null : v;
}

function objectOf(ctx: Ctx, v: unknown): Record<string, unknown> | null {
  if (v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) fail(ctx, 'expected an object');
  return v as Record<string, unknown>;
}

function stringList(ctx: Ctx, v: unknown): string[] {
  if (v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) fail(ctx, 'expected an array of strings');
  return v as string[];
}

function scalar(ctx: Ctx, v: unknown): VzlistValue {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (v === null || typeof v === 'string') return v;
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v as number[];
  if (Array.isArray(v)) return stringList(ctx, v);
  const obj = objectOf(ctx, v)!;
  // features / capability: {"sysfs": false, "ppp": true} → "sysfs:off,ppp:on", as the table prints it.
  if (!Object.values(obj).every((x) => typeof x === 'boolean')) fail(ctx, 'unexpected nested object');
  return Object.entries(obj).map(([k, on]) => `${k}:${on ? 'on' : 'off'}`).join(',');
}

/** Interpreting: one key of one container → one or more flattened row entries. */
function flatten(row: VzlistRow, ctx: Ctx, v: unknown): void {
  const { key } = ctx;
  const field = findVzlistField(key);
  if (UBC_NAMES.has(key)) {
    const obj = objectOf(ctx, v);
    for (const [suffix, part, kind] of UBC_SUFFIXES) {
      row[key + suffix] = obj === null ? null : integer(ctx, obj[part], kind === 'limit', part);
    }
  } else if (key === 'diskspace' || key === 'diskinodes') {
    const obj = objectOf(ctx, v);
    for (const [suffix, part] of DISK_KEYS) {
      row[key + suffix] = obj === null ? null : integer(ctx, obj[part], part !== 'usage', part);
    }
  } else if (field?.kind === 'id') {
    if (typeof v !== 'number' && typeof v !== 'string') fail(ctx, 'expected a CT id');
    row.ctid = String(v);
  } else if (field?.kind === 'ip-list' || field?.kind === 'word-list') {
    row[key] = stringList(ctx, v);
  } else if (field?.kind === 'count' || field?.kind === 'int' || field?.kind === 'limit') {
    row[key] = integer(ctx, v, field.kind === 'limit');
  } else {
    row[key] = scalar(ctx, v);
  }
}

/** A run of 16 digits or more: the only place a number may be too large for JSON.parse to keep exact. */
const LONG_DIGITS = /\d{16}/;

export function parseVzlistJson(text: string): Vzlist {
  // The lines and the object positions are for error messages: a full poll reads this once per CT,
  // so they are made only when something fails (or a CR means splitLines must refuse the text).
  let linesMade: Line[] | null = text.includes('\r') ? splitLines(TOOL, text) : null;
  const lines = () => (linesMade ??= splitLines(TOOL, text));
  if (/^\s*$/.test(text)) failWhole(TOOL, 'empty output');
  let scan: Scan | null = LONG_DIGITS.test(text) ? protectBigIntegers(text) : null;
  const objectLine = (i: number) => lines()[((scan ??= protectBigIntegers(text)).objectLines[i] ?? 1) - 1]!;
  let data: unknown;
  try {
    data = JSON.parse(scan ? scan.json : text);
  } catch (err) {
    let lineNo = 1;
    try {
      JSON.parse(text);
    } catch (original) {
      lineNo = syntaxErrorLine(text, original);
    }
    const line = lines()[Math.min(lineNo, lines().length) - 1]!;
    failAt(line, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!Array.isArray(data)) failAt(lines()[0]!, 'expected a JSON array of containers');
  // Every row's keys in first-seen order; the set answers "seen?" (a full poll reads ~60 rows of ~20).
  const seen = new Set<string>();
  const containers = data.map((item, i) => {
    const lineOf = () => objectLine(i);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) failAt(lineOf(), `container #${i + 1} is not an object`);
    const row: VzlistRow = {};
    const ctx: Ctx = { lineOf, key: '' };
    const object = item as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      ctx.key = key;
      flatten(row, ctx, object[key]);
    }
    for (const k of Object.keys(row)) seen.add(k);
    return row;
  });
  return { fields: [...seen], containers, warnings: [] };
}
