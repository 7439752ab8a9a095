/**
 * vzlist output (FORMATS §10): the table (columns joined by one space, strings cut to their width
 * unless last or -t on legacy, never on OpenVZ 7), the field listing (-L) and the JSON form (§10.3).
 * Rows lose their trailing blanks on both generations. The header does too on legacy vzctl
 * (≥ 3.0.24); OpenVZ 7's print_hdr() prints a right-aligned last header with its separator space.
 */
import type { SimContainer, SimNodeModel } from '../world/model';
import { padLeft, padRight } from './format';
import { VZLIST_FIELDS, findVzlistField, type VzlistField } from './vzlist-fields';
import { VZ7_JSON_DEFAULT_FIELDS, VZLIST_FIELDS_VZ7, findVzlistFieldVz7 } from './vzlist-fields-vz7';

export const VZLIST_DEFAULT_FIELDS = ['ctid', 'numproc', 'status', 'ip', 'hostname'] as const;
/** OpenVZ 7's default_field_order. */
export const VZLIST_DEFAULT_FIELDS_VZ7 = ['veid', 'numproc', 'status', 'configured_ip', 'hostname'] as const;

export interface VzlistTableOptions {
  header: boolean;
  /** false with -t: long values are never cut */
  trim: boolean;
}

export function vzlistFieldsOf(model: SimNodeModel): readonly VzlistField[] {
  return model.generation === 'vz7' ? VZLIST_FIELDS_VZ7 : VZLIST_FIELDS;
}

export function findField(model: SimNodeModel, name: string): VzlistField | undefined {
  return model.generation === 'vz7' ? findVzlistFieldVz7(name) : findVzlistField(name);
}

function pad(width: number, text: string): string {
  return width < 0 ? padRight(text, -width) : padLeft(text, width);
}

function cell(f: VzlistField, text: string, cut: boolean): string {
  const width = Math.abs(f.width);
  switch (f.kind) {
    case 'list':
    case 'str': {
      const value = cut && f.kind === 'list' ? (text.split(' ')[0] ?? '') : text;
      const padded = pad(f.width, value);
      return cut ? padded.slice(0, width) : padded;
    }
    case 'free':
      return text === '-' ? pad(f.width, text) : text;
    case 'num':
    case 'pad':
      return pad(f.width, text);
  }
}

function header(model: SimNodeModel, fields: readonly VzlistField[]): string {
  const heads = fields.map((f) => pad(f.headerWidth ?? f.width, f.header));
  if (model.generation !== 'vz7') return heads.join(' ').trimEnd();
  const last = fields.at(-1)!;
  const leftAligned = (last.headerWidth ?? last.width) < 0;
  return leftAligned ? [...heads.slice(0, -1), last.header].join(' ') : `${heads.join(' ')} `;
}

export function renderVzlistTable(
  model: SimNodeModel,
  cts: readonly SimContainer[],
  fields: readonly VzlistField[],
  opts: VzlistTableOptions,
): string {
  const out: string[] = [];
  if (opts.header) out.push(header(model, fields));
  for (const ct of cts) {
    const cells = fields.map((f, i) => cell(f, f.text(ct, model), opts.trim && i < fields.length - 1));
    out.push(cells.join(' ').trimEnd());
  }
  return out.map((l) => `${l}\n`).join('');
}

/** `fields` null = what `vzlist -j` prints without -o: every base field (legacy) or OpenVZ 7's fixed list. */
export function renderVzlistJson(model: SimNodeModel, cts: readonly SimContainer[], fields: readonly VzlistField[] | null): string {
  const defaults = model.generation === 'vz7' ? VZ7_JSON_DEFAULT_FIELDS.map((n) => findVzlistFieldVz7(n)!) : VZLIST_FIELDS.filter((f) => !f.suffixed);
  const chosen = fields ?? defaults;
  if (cts.length === 0) return '[]\n';
  const objects = cts.map((ct) => {
    const body = chosen.map((f) => `\n    "${f.name}": ${f.json(ct, model)}`).join(',');
    return `\n  {${body}\n  }`;
  });
  return `[${objects.join(',')}\n]\n`;
}

/** `vzlist -L`: `%-15s %-15s` per field, trailing blanks kept. */
export function renderVzlistFieldNames(model: SimNodeModel): string {
  return vzlistFieldsOf(model)
    .filter((f) => !f.unlisted)
    .map((f) => `${padRight(f.name, 15)} ${padRight(f.header, 15)}\n`)
    .join('');
}

export function vzlistDefaultFields(model: SimNodeModel): VzlistField[] {
  const names = model.generation === 'vz7' ? VZLIST_DEFAULT_FIELDS_VZ7 : VZLIST_DEFAULT_FIELDS;
  return names.map((n) => findField(model, n)!);
}
