/**
 * vzlist output (FORMATS §10): the table (columns joined by one space, trailing blanks removed,
 * strings cut to their width unless last or -t) and the JSON form (§10.3).
 */
import type { SimContainer, SimNodeModel } from '../model';
import { padLeft, padRight } from './format';
import { VZLIST_FIELDS, findVzlistField, type VzlistField } from './vzlist-fields';

export const VZLIST_DEFAULT_FIELDS = ['ctid', 'numproc', 'status', 'ip', 'hostname'] as const;

export interface VzlistTableOptions {
  header: boolean;
  /** false with -t: long values are never cut */
  trim: boolean;
}

function pad(f: VzlistField, text: string): string {
  return f.width < 0 ? padRight(text, -f.width) : padLeft(text, f.width);
}

function cell(f: VzlistField, text: string, cut: boolean): string {
  const width = Math.abs(f.width);
  switch (f.kind) {
    case 'list':
    case 'str': {
      const value = cut && f.kind === 'list' ? (text.split(' ')[0] ?? '') : text;
      const padded = pad(f, value);
      return cut ? padded.slice(0, width) : padded;
    }
    case 'free':
      return text === '-' ? pad(f, text) : text;
    case 'num':
      return pad(f, text);
  }
}

export function renderVzlistTable(
  model: SimNodeModel,
  cts: readonly SimContainer[],
  fields: readonly VzlistField[],
  opts: VzlistTableOptions,
): string {
  const out: string[] = [];
  if (opts.header) out.push(fields.map((f) => pad(f, f.header)).join(' ').trimEnd());
  for (const ct of cts) {
    const cells = fields.map((f, i) => cell(f, f.text(ct, model), opts.trim && i < fields.length - 1));
    out.push(cells.join(' ').trimEnd());
  }
  return out.map((l) => `${l}\n`).join('');
}

/** `fields` null = every base field (what `vzlist -j` prints without -o). */
export function renderVzlistJson(model: SimNodeModel, cts: readonly SimContainer[], fields: readonly VzlistField[] | null): string {
  const chosen = fields ?? VZLIST_FIELDS.filter((f) => !f.suffixed);
  const objects = cts.map((ct) => {
    const body = chosen.map((f) => `\n    "${f.name}": ${f.json(ct, model)}`).join(',');
    return `\n  {${body}\n  }`;
  });
  return `[${objects.join(',')}\n]\n`;
}

export function renderVzlistFieldNames(): string {
  return VZLIST_FIELDS.map((f) => `${padRight(f.name, 15)} ${padRight(f.header, 15)}\n`).join('');
}

export function vzlistDefaultFields(): VzlistField[] {
  return VZLIST_DEFAULT_FIELDS.map((n) => findVzlistField(n)!);
}
