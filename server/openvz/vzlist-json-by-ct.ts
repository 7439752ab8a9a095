import { OpenvzParseError } from './errors';
import { type FreeText, boundedRawLine, readFreeTextValue } from './vzlist-free-text';
import { parseVzlistJson } from './vzlist-json';
import type { VzlistRow } from './vzlist-values';

/**
 * `vzlist -j -o <fields>` read one container at a time, so one CT's fields never fail its node.
 *
 * vzlist does not escape strings in JSON: print_json_str() is `printf("\"%s\"", s)` in vzctl 4.0
 * through 4.11 (src/vzlist.c) and in OpenVZ 7's vzctl (7.0.180+). A hostname holding `"` or `\`
 * therefore makes the whole output invalid JSON, and raw KOI8-R/invalid UTF-8 bytes pass through.
 * What vzlist does keep fixed is its layout (print_one_ve_json / print_field_json):
 *   [
 *     {
 *       "ctid": 101,
 *       "hostname": "anything at all",
 *       "physpages": {
 *         "held": 1, …
 *       },
 *     …
 *     },
 *     {
 *   …
 *   ]
 * so each field starts a line with four spaces and `"name": `, and a string field is one line:
 * the text between the first `"` and the line's last `"` is the value, byte for byte. The
 * structured fields are then re-assembled as valid JSON and read by parseVzlistJson.
 */

export type VzlistCtResult =
  | { ok: true; ctId: string; row: VzlistRow; text: Record<string, FreeText | null> }
  | { ok: false; ctId: string | null; reason: string; raw: string; status?: string };

export interface VzlistJsonByCt {
  containers: VzlistCtResult[];
  /** Lines outside any container object that are not the array's brackets. */
  strayLines: string[];
}

const FIELD = /^ {4}"([a-z_.]+)": (.*)$/;
const QUOTE = 34;
const OPEN = /^ {2}\{$/;
const CLOSE = /^ {2}\},?$/;
const CTID_VALUE = /^"?([0-9a-f-]{1,36}|[1-9]\d{0,9})"?,?$/;

interface Block {
  lines: string[];
}

/** Tokenising: the array's lines grouped into container objects. */
function splitBlocks(lines: string[]): { blocks: Block[]; stray: string[] } {
  const blocks: Block[] = [];
  const stray: string[] = [];
  let current: Block | null = null;
  for (const line of lines) {
    if (current === null) {
      if (OPEN.test(line) || line === '[  {' || line === '[{') current = { lines: [] };
      else if (!/^\s*(\[|\]|\[\]|,)?\s*$/.test(line)) stray.push(line);
    } else if (CLOSE.test(line)) {
      blocks.push(current);
      current = null;
    } else current.lines.push(line);
  }
  if (current) blocks.push(current);
  return { blocks, stray };
}

function ctIdOf(block: Block): string | null {
  const first = FIELD.exec(block.lines[0] ?? '');
  if (!first || !['ctid', 'veid', 'vpsid'].includes(first[1]!)) return null;
  const m = CTID_VALUE.exec(first[2]!);
  return m ? m[1]! : null;
}

const STATUS = /^ {4}"status": "([a-z]{1,16})",?$/;

/** An unreadable CT's status, when exactly one line states it: it still counts as running or not. */
function statusOf(block: Block): { status?: string } {
  const found = block.lines.map((l) => STATUS.exec(l)?.[1]).filter((s) => s !== undefined);
  return found.length === 1 ? { status: found[0] } : {};
}

/** A container's fields, split: the structured ones as one JSON object's text, the free text decoded. */
type Assembled = { ok: true; ctId: string; json: string; text: Record<string, FreeText | null> };
type Unreadable = Extract<VzlistCtResult, { ok: false }>;

function unreadableBlock(block: Block, ctId: string | null, reason: string): Unreadable {
  return { ok: false, ctId, reason, raw: boundedRawLine(block.lines.join('\n')), ...statusOf(block) };
}

/** Interpreting, first half: one object's lines → its fields, or why they cannot be read. */
function assembleBlock(block: Block, fields: readonly string[], textFields: ReadonlySet<string>): Assembled | Unreadable {
  const ctId = ctIdOf(block);
  const unreadable = (reason: string) => unreadableBlock(block, ctId, reason);
  if (ctId === null) return unreadable('the object does not start with a CT id');
  const starts: number[] = [];
  const names: string[] = [];
  const values: string[] = [];
  block.lines.forEach((l, i) => {
    // Only a line with '"' after four spaces can be a field's: a nested value's lines skip the regex.
    if (l.charCodeAt(4) !== QUOTE) return;
    const m = FIELD.exec(l);
    if (!m) return;
    starts.push(i);
    names.push(m[1]!);
    values.push(m[2]!);
  });
  if (starts[0] !== 0) return unreadable('a line outside any field');
  // An exact match with what was asked for: a forged `"field": …` line inside a value adds a field.
  if (names.length !== fields.length || names.some((n, i) => n !== fields[i])) {
    return unreadable(`fields ${names.join(',')} where ${fields.join(',')} were asked for`);
  }
  const text: Record<string, FreeText | null> = {};
  const json: string[] = [];
  for (let k = 0; k < starts.length; k++) {
    const end = k + 1 < starts.length ? starts[k + 1]! : block.lines.length;
    const name = names[k]!;
    const value = values[k]!;
    const last = k === starts.length - 1;
    if (!textFields.has(name)) {
      const body = end === starts[k]! + 1 ? value : [value, ...block.lines.slice(starts[k]! + 1, end)].join('\n');
      json.push(`"${name}": ${body.endsWith(',') ? body.slice(0, -1) : body}`);
      continue;
    }
    if (end !== starts[k]! + 1) return unreadable(`${name}: the value spans lines`);
    const body = last || !value.endsWith(',') ? value : value.slice(0, -1);
    const free = readFreeTextValue(body);
    if (free === undefined) return unreadable(`${name}: neither a quoted string nor null`);
    text[name] = free;
    json.push(`"${name}": null`);
  }
  return { ok: true, ctId, json: `{${json.join(',\n')}}`, text };
}

/** Interpreting, second half: the structured fields read as JSON, the free text laid over them. */
function withRow(a: Assembled, row: VzlistRow): VzlistCtResult {
  for (const [name, v] of Object.entries(a.text)) row[name] = v === null ? null : v.text;
  return { ok: true, ctId: a.ctId, row, text: a.text };
}

function readAssembled(a: Assembled, block: Block): VzlistCtResult {
  const unreadable = (reason: string) => unreadableBlock(block, a.ctId, reason);
  try {
    const rows = parseVzlistJson(`[${a.json}]\n`).containers;
    // A value that closed the object and opened another: what follows it is not this CT's.
    if (rows.length !== 1 || rows[0]!.ctid !== a.ctId) return unreadable('a value holds the end of its object');
    return withRow(a, rows[0]!);
  } catch (err) {
    if (err instanceof OpenvzParseError) return unreadable(err.reason);
    throw err;
  }
}

/**
 * `byteString` is the section's bytes as latin1 (one char per byte). `fields` is the -o list in
 * order; `textFields` are the string fields read byte-exact and decoded with readFreeTextValue.
 */
export function readVzlistJsonByCt(byteString: string, fields: readonly string[], textFields: ReadonlySet<string>): VzlistJsonByCt {
  const lines = byteString.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const { blocks, stray } = splitBlocks(lines);
  const assembled = blocks.map((b) => assembleBlock(b, fields, textFields));
  const ready = assembled.filter((a): a is Assembled => a.ok);
  // Every CT's fields read as one JSON array, the common case; only when that fails is each CT
  // read apart, so that one CT's bad value is that CT's problem alone.
  let rows: VzlistRow[] | null = null;
  if (ready.length > 1) {
    try {
      const all = parseVzlistJson(`[${ready.map((a) => a.json).join(',\n')}]\n`).containers;
      // A value that closes its object and opens another would shift every CT after it: the rows
      // count only when they line up one to one with the CTs, by id.
      if (all.length === ready.length && all.every((row, k) => row.ctid === ready[k]!.ctId)) rows = all;
    } catch (err) {
      if (!(err instanceof OpenvzParseError)) throw err;
    }
  }
  let k = 0;
  return {
    containers: assembled.map((a, i) => (!a.ok ? a : rows ? withRow(a, rows[k++]!) : readAssembled(a, blocks[i]!))),
    strayLines: stray.map(boundedRawLine),
  };
}
