import { type Line, failAt, failWhole, isBlank, parseCount, splitLines, splitNonEmpty, tokens } from './tool-text';
import { isIpLike } from './vzlist-values';
import { type FieldListEntry, parseFieldListing } from './vzlist';

/** OpenVZ 7 `prlctl list [-a] [-o …]`, `prlctl list -i <ct>` and `prlctl list -L` (docs/openvz/FORMATS.md §13). */

export type PrlctlValue = string | string[] | null;
export type PrlctlRow = Record<string, PrlctlValue>;

const TOOL = 'prlctl' as const;

/** Header → field name, after `prlctl list -L`; other headers are lower-cased. */
const HEADER_FIELDS: Record<string, string> = {
  UUID: 'uuid',
  ENVID: 'envid',
  STATUS: 'status',
  NAME: 'name',
  DIST: 'dist',
  OWNER: 'owner',
  SYSTEM_FLAGS: 'system-flags',
  DESCRIPTION: 'description',
  NPROC: 'numproc',
  IP_ADDR: 'ip',
  HOSTNAME: 'hostname',
  T: 'type',
};

function interpret(field: string, group: string[]): PrlctlValue {
  if (field === 'ip') return group.length === 1 && group[0] === '-' ? [] : group;
  const v = group.join(' ');
  if (v === '-') return null;
  // The UUID is printed in braces: {3d32522a-…}; vznetstat and vzlist print it bare.
  return field === 'uuid' ? v.replace(/^\{(.*)\}$/, '$1') : v;
}

function readRow(line: Line, fields: string[]): PrlctlRow {
  const toks = tokens(line.text);
  const row: PrlctlRow = {};
  let i = 0;
  fields.forEach((field, k) => {
    if (i >= toks.length) failAt(line, `missing value for ${field} (truncated row or missing column)`);
    let end = i + 1;
    if (k === fields.length - 1) end = toks.length;
    else if (field === 'ip') while (end < toks.length && isIpLike(toks[end]!)) end++;
    const group = toks.slice(i, end);
    if (field === 'ip' && !(group.length === 1 && group[0] === '-') && !group.every(isIpLike)) {
      failAt(line, `not an IP address list: ${group.join(' ')}`);
    }
    row[field] = interpret(field, group);
    i = end;
  });
  return row;
}

export function parsePrlctlList(text: string): { fields: string[]; containers: PrlctlRow[] } {
  const lines = splitNonEmpty(TOOL, text);
  const header = lines[0]!;
  const headers = tokens(header.text);
  if (!headers.every((h) => /^[A-Z][A-Z_]*$/.test(h))) failAt(header, 'expected the column header (UUID STATUS …)');
  const fields = headers.map((h) => HEADER_FIELDS[h] ?? h.toLowerCase());
  const containers = lines.slice(1).map((line) => {
    if (isBlank(line)) failAt(line, 'blank line among prlctl rows');
    return readRow(line, fields);
  });
  return { fields, containers };
}

export function parsePrlctlFieldList(text: string): { fields: FieldListEntry[] } {
  return parseFieldListing('prlctl', text);
}

export interface PrlctlInfo {
  /** Top-level `Key: value` lines, keyed as printed ("Effective owner", "State", …). */
  info: Record<string, string>;
  /** Indented lines under a section key such as `Hardware:`. */
  sections: Record<string, string[]>;
  memoryMb: number | null;
  /** null = unlimited. */
  cpus: number | null;
  cpuunits: number | null;
  ioprio: number | null;
  disks: { name: string; sizeMb: number }[];
}

function hardwareFigures(lines: Line[], hw: string[]): Pick<PrlctlInfo, 'memoryMb' | 'cpus' | 'cpuunits' | 'ioprio' | 'disks'> {
  const find = (re: RegExp) => hw.map((l) => re.exec(l)).find((m) => m !== null);
  const num = (m: RegExpExecArray | undefined) => (m ? parseCount(lines[0]!, m[1]!, 'hardware value') : null);
  const cpus = find(/^cpu\b.*\bcpus=(\d+)/);
  const disks = hw
    .map((l) => /^(hdd\d+)\b.*\s(\d+)Mb\b/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!, sizeMb: Number(m[2]) }));
  return {
    memoryMb: num(find(/^memory (\d+)Mb$/)),
    cpus: num(cpus),
    cpuunits: num(find(/^cpu\b.*\bcpuunits=(\d+)/)),
    ioprio: num(find(/^cpu\b.*\bioprio=(\d+)/)),
    disks,
  };
}

export function parsePrlctlInfo(text: string): PrlctlInfo {
  const lines = splitLines(TOOL, text);
  const first = lines[0];
  if (first === undefined) failWhole(TOOL, 'empty output');
  if (first.text.trim() !== 'INFO') failAt(first, 'expected "INFO" on the first line of prlctl list -i');
  const info: Record<string, string> = {};
  const sections: Record<string, string[]> = {};
  let section: string | null = null;
  for (const line of lines.slice(1)) {
    if (/^\s/.test(line.text) && line.text.trim() !== '') {
      if (section === null) failAt(line, 'indented line outside a section');
      (sections[section] ??= []).push(line.text.trim());
      continue;
    }
    const m = /^([A-Za-z][^:]*):(?:\s+(.*))?$/.exec(line.text);
    if (!m) failAt(line, 'expected "Key: value"');
    const value = (m[2] ?? '').trim();
    info[m[1]!] = value;
    section = value === '' ? m[1]! : null;
  }
  return { info, sections, ...hardwareFigures(lines, sections.Hardware ?? []) };
}
