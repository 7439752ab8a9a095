import { OpenvzParseError } from './errors';
import { type FreeText, boundedRawLine, decodeFreeText } from './vzlist-free-text';
import { parseVzlistNoHeader } from './vzlist';
import type { VzlistCtResult } from './vzlist-json-by-ct';

/**
 * The fallback for vzlist without -j (vzctl 3.x, OpenVZ 7 before 7.0.180): `vzlist -a -H -o …`
 * read one row at a time, so a row that cannot be read marks its CT alone.
 *
 * Free text goes in calls of its own, `-o ctid,<field>`, the one free-text field last. vzlist
 * pads a non-last string column to its width and then advances exactly that width, cutting the
 * value (PRINT_STR_FIELD in vzctl 4.x src/vzlist.c: `if (!is_last_field) r = abs(length)`), but
 * prints the last column whole; it then trims trailing blanks off the line (trim_eol_space). So
 * after the right-aligned CT id and its one separating space, the rest of the line is the value,
 * byte for byte, less any trailing blanks. An unset value prints as `-` (so does a value that is
 * literally `-`: the table cannot tell them apart; -j can).
 */

const ROW_CTID = /^ *([1-9]\d{0,9}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?: |$)/;

/** `vzlist -a -H -o <fields>` (structured fields, no free text but possibly ip last), row by row. */
export function readVzlistTableByCt(byteString: string, fields: readonly string[]): VzlistCtResult[] {
  const lines = byteString.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines
    .filter((l) => l.trim() !== '')
    .map((line): VzlistCtResult => {
      const ctId = ROW_CTID.exec(line)?.[1] ?? null;
      if (ctId === null) return { ok: false, ctId, reason: 'the row does not start with a CT id', raw: boundedRawLine(line) };
      try {
        const row = parseVzlistNoHeader(`${line}\n`, [...fields]).containers[0]!;
        return { ok: true, ctId, row, text: {} };
      } catch (err) {
        if (err instanceof OpenvzParseError) return { ok: false, ctId, reason: err.reason, raw: boundedRawLine(line) };
        throw err;
      }
    });
}

export interface TextColumn {
  values: Map<string, FreeText | null>;
  /** CTs whose value cannot be trusted, with why and the raw lines (bounded). */
  broken: Map<string, string>;
  /** Lines before the first CT that name no CT, bounded. */
  unreadable: string[];
}

/**
 * `vzlist -a -H -o ctid,<field>`: CT id → the field's value (null for `-`). A line that names no
 * CT continues the previous CT's value (it held a newline): that CT's value is not trusted. A CT
 * printed twice is trusted for neither line, since a value holding a newline can forge a line.
 */
export function readVzlistTextColumn(byteString: string): TextColumn {
  const lines = byteString.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const values = new Map<string, FreeText | null>();
  const broken = new Map<string, string>();
  const unreadable: string[] = [];
  let previous: { ctId: string; line: string } | null = null;
  for (const line of lines) {
    const m = ROW_CTID.exec(line);
    if (!m) {
      if (previous === null) unreadable.push(boundedRawLine(line));
      else {
        values.delete(previous.ctId);
        previous.line += `\n${line}`;
        broken.set(previous.ctId, `the value spans lines: ${boundedRawLine(previous.line)}`);
      }
      continue;
    }
    const ctId = m[1]!;
    previous = { ctId, line };
    if (values.has(ctId) || broken.has(ctId)) {
      values.delete(ctId);
      broken.set(ctId, `printed twice: ${boundedRawLine(line)}`);
    } else values.set(ctId, line.slice(m[0].length) === '-' ? null : decodeFreeText(line.slice(m[0].length)));
  }
  return { values, broken, unreadable };
}
