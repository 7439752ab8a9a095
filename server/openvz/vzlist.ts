import { type Line, failAt, failWhole, isBlank, splitLines, tokens } from './tool-text';
import { type VzlistField, fieldForHeader, findVzlistField } from './vzlist-fields';
import { type VzlistRow, interpretRow } from './vzlist-values';

export type { VzlistRow, VzlistValue } from './vzlist-values';

/** Table output of vzlist (FORMATS.md §10). Rows are keyed by field name (`ctid`, `physpages.l`, …). */
export interface Vzlist {
  /** Field names in column order; CTID/VEID (and veid/vpsid) are reported as `ctid`. */
  fields: string[];
  containers: VzlistRow[];
  /** stderr lines captured along with stdout (`Container(s) not found`, `Unable to open …`). */
  warnings: string[];
}

const TOOL = 'vzlist' as const;

/** Messages vzlist (or a library it loads) prints on stderr, which a 2>&1 capture interleaves. */
const STDERR = /^(Container\(s\) not found|Unable to |Can't |Cannot |Please |No such file|Warning|Error|WARNING|ERROR|This program can only be run)/;

function headerFields(line: Line): VzlistField[] | null {
  const toks = tokens(line.text);
  if (toks.length === 0) return null;
  const fields = toks.map(fieldForHeader);
  return fields.every((fd) => fd !== undefined) ? (fields as VzlistField[]) : null;
}

function readRows(lines: Line[], fields: VzlistField[], warnings: string[]): VzlistRow[] {
  const rows: VzlistRow[] = [];
  for (const line of lines) {
    if (STDERR.test(line.text)) warnings.push(line.text.trim());
    else if (isBlank(line)) failAt(line, 'blank line among vzlist rows');
    else rows.push(interpretRow(line, tokens(line.text), fields));
  }
  return rows;
}

/** `vzlist [-a] [-o …]` with its header. Lines before the header are stderr and become warnings. */
export function parseVzlist(text: string): Vzlist {
  const lines = splitLines(TOOL, text);
  if (lines.every(isBlank)) failWhole(TOOL, 'empty output');
  const at = lines.findIndex((l) => headerFields(l) !== null);
  if (at < 0) {
    const notFound = lines.some((l) => l.text.startsWith('Container(s) not found'));
    if (!notFound) failAt(lines[0]!, 'no vzlist column header found');
    return { fields: [], containers: [], warnings: lines.filter((l) => !isBlank(l)).map((l) => l.text.trim()) };
  }
  const fields = headerFields(lines[at]!)!;
  const warnings = lines.slice(0, at).filter((l) => !isBlank(l)).map((l) => l.text.trim());
  const containers = readRows(lines.slice(at + 1), fields, warnings);
  return { fields: fields.map((fd) => fd.name), containers, warnings };
}

/**
 * `vzlist -H -o <fields>` (and `-H -t`). Empty output is a node with no (running) CTs.
 * Put free-text and list fields last: the last column takes the rest of the line.
 */
export function parseVzlistNoHeader(text: string, fields: string[]): Vzlist {
  const catalogued = fields.map((name) => {
    const fd = findVzlistField(name);
    if (fd === undefined) throw new Error(`parseVzlistNoHeader: unknown vzlist field ${JSON.stringify(name)}`);
    return fd;
  });
  if (catalogued.length === 0) throw new Error('parseVzlistNoHeader: no fields given');
  const lines = splitLines(TOOL, text);
  const warnings: string[] = [];
  const first = lines[0];
  if (first !== undefined && headerFields(first) !== null) {
    failAt(first, 'a header line in output expected without one (-H)');
  }
  const containers = readRows(lines, catalogued, warnings);
  return { fields: catalogued.map((fd) => fd.name), containers, warnings };
}

export interface FieldListEntry {
  name: string;
  header: string;
}

/** `vzlist -L` (and `prlctl list -L`): one `name header` pair per line. */
export function parseFieldListing(tool: 'vzlist' | 'prlctl', text: string): { fields: FieldListEntry[] } {
  const lines = splitLines(tool, text);
  if (lines.length === 0) failWhole(tool, 'empty output');
  const fields = lines.map((line) => {
    const toks = tokens(line.text);
    if (toks.length !== 2) failAt(line, `expected "<field> <HEADER>", found ${toks.length} fields`);
    return { name: toks[0]!, header: toks[1]! };
  });
  return { fields };
}

export function parseVzlistFieldList(text: string): { fields: FieldListEntry[] } {
  return parseFieldListing('vzlist', text);
}
