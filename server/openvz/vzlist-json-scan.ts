import { isUnlimitedSafeInteger, isUnlimitedToken } from './tool-text';
import { readFreeTextValue, type FreeText } from './vzlist-free-text';
import { findVzlistField } from './vzlist-fields';
import type { VzlistCtResult, VzlistJsonByCt } from './vzlist-json-by-ct';
import type { VzlistRow } from './vzlist-values';

/**
 * `vzlist -j` read straight along its fixed layout, for the collector's full polls: one pass over
 * the byte string with no per-line strings, no JSON text re-assembled and no JSON.parse. Profiled
 * at 1000 nodes, reading a 60-CT vzlist the careful way (vzlist-json-by-ct.ts: lines, a regex a
 * line, the structured fields joined into JSON and parsed) was two thirds of a full poll's parsing.
 *
 * It knows the layout print_one_ve_json prints (FORMATS.md §10.3, vzlist-json-by-ct.ts) and only
 * the kinds of field the collector asks for. Anything else (a CR, an escape, a number it would have
 * to think about, a stray line, a field out of order, a value spanning lines) gives null, and the
 * caller has readVzlistJsonByCt read the text, which words the problems and keeps one CT's bad
 * fields that CT's own. So the result is readVzlistJsonByCt's result, always; the scan only gets
 * there sooner (vzlist-json-scan.test.ts checks both on the simulator's output and broken inputs).
 */

type Kind = 'id' | 'free-text' | 'string' | 'int' | 'disk' | 'ip-list';
interface PlannedField {
  name: string;
  kind: Kind;
  /** `    "name": `, what the field's line starts with. */
  prefix: string;
}

/** Each field list's plan, made once (the collector asks with the same two constants every poll). */
const plans = new WeakMap<readonly string[], { textFields: ReadonlySet<string>; plan: PlannedField[] | null }>();

/** What the scan reads each asked-for field as; null when one is of a kind it leaves to the careful reader. */
function planOf(fields: readonly string[], textFields: ReadonlySet<string>): PlannedField[] | null {
  const planned = fields.map((name): PlannedField | null => {
    const kind = kindOf(name, textFields);
    return kind && { name, kind, prefix: `    "${name}": ` };
  });
  if (planned[0]?.kind !== 'id' || planned.slice(1).some((p) => p === null || p.kind === 'id')) return null;
  return planned as PlannedField[];
}

function kindOf(name: string, textFields: ReadonlySet<string>): Kind | null {
  if (textFields.has(name)) return 'free-text';
  if (name === 'diskspace' || name === 'diskinodes') return 'disk';
  const kind = findVzlistField(name)?.kind;
  if (kind === 'id' && name === 'ctid') return 'id';
  if (kind === 'string') return 'string';
  if (kind === 'int') return 'int';
  if (kind === 'ip-list') return 'ip-list';
  return null;
}

const NL = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const isDigit = (c: number) => c >= 48 && c <= 57;
/** Printable ASCII other than `"` and `\`: a JSON string of these reads as itself. */
const isPlain = (c: number) => c >= 32 && c <= 126 && c !== QUOTE && c !== BACKSLASH;
const isIdChar = (c: number) => isDigit(c) || (c >= 97 && c <= 102) || c === 45;

const DISK_PARTS = [
  ['', '      "usage": ', false],
  ['.s', '      "softlimit": ', true],
  ['.h', '      "hardlimit": ', true],
] as const;

/** Where a scan stands: the text and the start of the line it reads next. */
class Cursor {
  pos = 0;
  constructor(readonly s: string) {}

  /** The line at pos is exactly `text`: moves past it. */
  line(text: string): boolean {
    const end = this.pos + text.length;
    if (this.s.charCodeAt(end) !== NL || !this.s.startsWith(text, this.pos)) return false;
    this.pos = end + 1;
    return true;
  }
}

/** `null` is what [start, end) holds. */
const isNullAt = (s: string, start: number, end: number) => end - start === 4 && s.startsWith('null', start);

/**
 * A non-negative integer in [start, end) as JSON.parse and the careful reader's integer() give it:
 * a number (INT_MAX and LONG_MAX as null where `unlimited`), or undefined when the scan leaves it.
 */
function integerAt(s: string, start: number, end: number, unlimited: boolean): number | null | undefined {
  const len = end - start;
  if (len === 0 || (len > 1 && s.charCodeAt(start) === 48)) return undefined;
  if (isNullAt(s, start, end)) return null;
  let x = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return undefined;
    x = x * 10 + (c - 48);
  }
  if (len > 15) return unlimited && isUnlimitedToken(s.slice(start, end)) ? null : undefined;
  return unlimited && isUnlimitedSafeInteger(x) ? null : x;
}

/** `"…"` of plain characters in [start, end): the string, or undefined. */
function plainStringAt(s: string, start: number, end: number): string | undefined {
  if (end - start < 2 || s.charCodeAt(start) !== QUOTE || s.charCodeAt(end - 1) !== QUOTE) return undefined;
  for (let i = start + 1; i < end - 1; i++) if (!isPlain(s.charCodeAt(i))) return undefined;
  return s.slice(start + 1, end - 1);
}

/** `[]` or `["a", "b"]` (vzlist's list layout) in [start, end). */
function listAt(s: string, start: number, end: number): string[] | undefined {
  if (s.charCodeAt(start) !== 91 || s.charCodeAt(end - 1) !== 93) return undefined;
  const items: string[] = [];
  let i = start + 1;
  if (i === end - 1) return items;
  for (;;) {
    const close = s.indexOf('"', i + 1);
    if (close === -1 || close >= end) return undefined;
    const item = plainStringAt(s, i, close + 1);
    if (item === undefined) return undefined;
    items.push(item);
    i = close + 1;
    if (i === end - 1) return items;
    if (s.charCodeAt(i) !== COMMA || s.charCodeAt(i + 1) !== 32) return undefined;
    i += 2;
  }
}

/** The CT id: digits as a number prints them, or a quoted OpenVZ 7 id. */
function ctIdAt(s: string, start: number, end: number): string | undefined {
  if (s.charCodeAt(start) === QUOTE) {
    if (end - start < 3 || end - start > 38 || s.charCodeAt(end - 1) !== QUOTE) return undefined;
    for (let i = start + 1; i < end - 1; i++) if (!isIdChar(s.charCodeAt(i))) return undefined;
    return s.slice(start + 1, end - 1);
  }
  if (end - start > 10 || s.charCodeAt(start) === 48) return undefined;
  for (let i = start; i < end; i++) if (!isDigit(s.charCodeAt(i))) return undefined;
  return end > start ? s.slice(start, end) : undefined;
}

/** One CT object's fields, the cursor on its first field line; null when the scan leaves it. */
function scanObject(c: Cursor, plan: PlannedField[]): VzlistCtResult | null {
  const s = c.s;
  const row: VzlistRow = {};
  const text: Record<string, FreeText | null> = {};
  let ctId = '';
  for (let k = 0; k < plan.length; k++) {
    const { name, kind, prefix } = plan[k]!;
    const last = k === plan.length - 1;
    if (!s.startsWith(prefix, c.pos)) return null;
    const start = c.pos + prefix.length;
    const nl = s.indexOf('\n', start);
    if (nl === -1) return null;
    if (kind === 'disk' && nl === start + 1 && s.charCodeAt(start) === 123) {
      // An object over lines of its own: the comma (but after the last field) follows its `}`.
      c.pos = nl + 1;
      for (let p = 0; p < DISK_PARTS.length; p++) {
        const [suffix, partPrefix, unlimited] = DISK_PARTS[p]!;
        if (!s.startsWith(partPrefix, c.pos)) return null;
        const vStart = c.pos + partPrefix.length;
        const vNl = s.indexOf('\n', vStart);
        if (vNl === -1) return null;
        const vEnd = p < DISK_PARTS.length - 1 ? vNl - 1 : vNl;
        if (p < DISK_PARTS.length - 1 && s.charCodeAt(vEnd) !== COMMA) return null;
        const v = integerAt(s, vStart, vEnd, unlimited);
        if (v === undefined) return null;
        row[name + suffix] = v;
        c.pos = vNl + 1;
      }
      if (!c.line(last ? '    }' : '    },')) return null;
      continue;
    }
    // Every other field is one line, and all but the last end with a comma.
    let end = nl;
    if (!last) {
      if (s.charCodeAt(nl - 1) !== COMMA) return null;
      end = nl - 1;
    } else if (s.charCodeAt(nl - 1) === COMMA) return null;
    c.pos = nl + 1;
    if (kind === 'disk') {
      if (!isNullAt(s, start, end)) return null;
      for (const [suffix] of DISK_PARTS) row[name + suffix] = null;
      continue;
    }
    if (kind === 'id') {
      const id = ctIdAt(s, start, end);
      if (id === undefined) return null;
      row.ctid = ctId = id;
    } else if (kind === 'free-text') {
      // The careful reader's own rule: the bytes between the quotes, whatever they are, or null.
      const value = readFreeTextValue(s.slice(start, end));
      if (value === undefined) return null;
      text[name] = value;
      row[name] = value === null ? null : value.text;
    } else if (kind === 'string') {
      const v = isNullAt(s, start, end) ? null : plainStringAt(s, start, end);
      if (v === undefined) return null;
      row[name] = v;
    } else if (kind === 'int') {
      const v = integerAt(s, start, end, false);
      if (v === undefined) return null;
      row[name] = v;
    } else {
      const v = isNullAt(s, start, end) ? [] : listAt(s, start, end);
      if (v === undefined) return null;
      row[name] = v;
    }
  }
  return { ok: true, ctId, row, text };
}

/**
 * `byteString` is the section's bytes as latin1; `fields` and `textFields` as for
 * readVzlistJsonByCt. Null: read it with readVzlistJsonByCt.
 */
export function scanVzlistJson(byteString: string, fields: readonly string[], textFields: ReadonlySet<string>): VzlistJsonByCt | null {
  let known = plans.get(fields);
  if (known?.textFields !== textFields) plans.set(fields, (known = { textFields, plan: planOf(fields, textFields) }));
  const plan = known.plan;
  if (plan === null || byteString.includes('\r')) return null;
  const c = new Cursor(byteString);
  if (!c.line('[')) return null;
  const containers: VzlistCtResult[] = [];
  for (;;) {
    if (!c.line('  {')) return null;
    const ct = scanObject(c, plan);
    if (ct === null) return null;
    containers.push(ct);
    if (c.line('  },')) continue;
    if (!c.line('  }')) return null;
    break;
  }
  // The closing bracket, then nothing (a last newline or none).
  const rest = byteString.length - c.pos;
  if (!byteString.startsWith(']', c.pos) || !(rest === 1 || (rest === 2 && byteString.charCodeAt(c.pos + 1) === NL))) return null;
  return { containers, strayLines: [] };
}
