import { type Line, failAt, parseCount, parseDecimal, parseLimit } from './tool-text';
import type { VzlistField, VzlistKind } from './vzlist-fields';

/** `-` becomes null (or [] for lists); unlimited UBC/quota limits are null too. */
export type VzlistValue = number | string | string[] | number[] | null;
export type VzlistRow = Record<string, VzlistValue>;

const MULTI_TOKEN: ReadonlySet<VzlistKind> = new Set(['ip-list', 'word-list', 'text']);

export function isIpLike(token: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}(\/\d+)?$/.test(token)) return true;
  return token.includes(':') && /^[0-9a-fA-F:.]+(\/\d+)?$/.test(token);
}

/**
 * Tokenising: assigns the whitespace-separated tokens of one row to the columns. Every column
 * takes one token, except a list/text column printed last (it takes the rest) and an ip list in
 * the middle of the row (it takes the addresses that follow, as `vzlist -t` prints them).
 */
export function splitRow(line: Line, toks: string[], fields: readonly VzlistField[]): string[][] {
  const groups: string[][] = [];
  let i = 0;
  fields.forEach((field, k) => {
    const header = field.headers[0];
    if (i >= toks.length) failAt(line, `missing value for ${header} (truncated row or missing column)`);
    let end = i + 1;
    if (k === fields.length - 1 && MULTI_TOKEN.has(field.kind)) end = toks.length;
    else if (field.kind === 'ip-list' && isIpLike(toks[i]!)) {
      while (end < toks.length && isIpLike(toks[end]!)) end++;
    }
    groups.push(toks.slice(i, end));
    i = end;
  });
  if (i < toks.length) {
    failAt(line, `${toks.length - i} value(s) more than the ${fields.length} columns: ${toks.slice(i).join(' ')}`);
  }
  return groups;
}

const UPTIME = /^(?:(\d+)d)?(\d+)h:(\d+)m:(\d+)s$/;
const LAVERAGE = /^(\d+\.\d+)\/(\d+\.\d+)\/(\d+\.\d+)$/;

/** Interpreting: one column's tokens → a value of the field's kind. */
export function interpretValue(line: Line, field: VzlistField, group: string[]): VzlistValue {
  const what = field.name;
  const single = group[0]!;
  if (field.kind === 'ip-list' || field.kind === 'word-list') {
    if (group.length === 1 && single === '-') return [];
    if (field.kind === 'ip-list') {
      const bad = group.find((t) => !isIpLike(t));
      if (bad !== undefined) failAt(line, `${what}: not an IP address: ${JSON.stringify(bad)}`);
    }
    return group;
  }
  if (field.kind === 'text') return group.length === 1 && single === '-' ? null : group.join(' ');
  if (field.kind === 'id') return single;
  if (single === '-') return null;
  switch (field.kind) {
    case 'string':
      return single;
    case 'count':
    case 'int':
      return parseCount(line, single, what);
    case 'limit':
      return parseLimit(line, single, what);
    case 'decimal':
      return parseDecimal(line, single, what);
    case 'laverage': {
      const m = LAVERAGE.exec(single);
      if (!m) failAt(line, `${what}: expected a/b/c load averages, found ${JSON.stringify(single)}`);
      return [Number(m[1]), Number(m[2]), Number(m[3])];
    }
    case 'uptime': {
      const m = UPTIME.exec(single);
      if (!m) failAt(line, `${what}: expected DDDdHHh:MMm:SSs, found ${JSON.stringify(single)}`);
      const [d, h, min, s] = [m[1] ?? '0', m[2]!, m[3]!, m[4]!].map(Number) as [number, number, number, number];
      return ((d * 24 + h) * 60 + min) * 60 + s;
    }
  }
}

export function interpretRow(line: Line, toks: string[], fields: readonly VzlistField[]): VzlistRow {
  const groups = splitRow(line, toks, fields);
  const row: VzlistRow = {};
  fields.forEach((field, k) => {
    row[field.name] = interpretValue(line, field, groups[k]!);
  });
  return row;
}
