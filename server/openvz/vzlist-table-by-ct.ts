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
      try {
        const row = parseVzlistNoHeader(`${line}\n`, [...fields]).containers[0];
        if (!row || ctId === null) return { ok: false, ctId, reason: 'the row does not start with a CT id', raw: boundedRawLine(line) };
        return { ok: true, ctId, row, text: {} };
      } catch (err) {
        if (err instanceof OpenvzParseError) return { ok: false, ctId, reason: err.reason, raw: boundedRawLine(line) };
        throw err;
      }
    });
}

export interface TextColumn {
  values: Map<string, FreeText | null>;
  /** Lines that start with no CT id (a value that held a newline), bounded. */
  unreadable: string[];
  /** CT ids printed twice: a value holding a newline can forge a line, so neither is trusted. */
  conflicted: Set<string>;
}

/** `vzlist -a -H -o ctid,<field>`: CT id → the field's value (null for `-`). */
export function readVzlistTextColumn(byteString: string): TextColumn {
  const lines = byteString.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const values = new Map<string, FreeText | null>();
  const unreadable: string[] = [];
  const conflicted = new Set<string>();
  for (const line of lines) {
    const m = ROW_CTID.exec(line);
    if (!m) {
      if (line.trim() !== '') unreadable.push(boundedRawLine(line));
      continue;
    }
    const ctId = m[1]!;
    const value = line.slice(m[0].length);
    if (values.has(ctId) || conflicted.has(ctId)) {
      conflicted.add(ctId);
      values.delete(ctId);
    } else values.set(ctId, value === '-' ? null : decodeFreeText(value));
  }
  return { values, unreadable, conflicted };
}
