import type { FreeText } from '../openvz/vzlist-free-text';
import { readVzlistJsonByCt, type VzlistCtResult } from '../openvz/vzlist-json-by-ct';
import { scanVzlistJson } from '../openvz/vzlist-json-scan';
import { readVzlistTableByCt, readVzlistTextColumn } from '../openvz/vzlist-table-by-ct';
import {
  VZLIST_FIELDS,
  VZLIST_JSON_FIELDS,
  VZLIST_JSON_TEXT_FIELDS,
  VZLIST_TEXT_FIELDS,
  VZLIST_TEXT_SECTIONS,
  type CollectSection,
  type VzlistTextField,
} from '../ssh/commands';
import { ctIdSchema } from '../../vocabulary/ct-id';
import { detachedString } from '../openvz/byte-text';
import type { CollectSectionOutput } from '../ssh/split-sections';

export interface ContainerRecord {
  ctId: string;
  status: string;
  /** Free text the CT's owner sets: shown as text, invalid bytes as U+FFFD. */
  hostname: string | null;
  /** Optional (absent = not read) so records built elsewhere (bench, fast polls) need not name them. */
  name?: string | null;
  description?: string | null;
  /** The raw bytes (hex) of a free-text field whose decoding was lossy; null when none was. */
  rawFields?: Partial<Record<VzlistTextField, string>> | null;
  /** Why this CT's vzlist fields could not be read, with the raw line (bounded); null when read. */
  fieldsUnreadable?: string | null;
  osTemplate: string | null;
  ips: string[];
  cpuunits: number | null;
  cpulimit: number | null;
  quota: {
    blocksUsage: number | null;
    blocksSoft: number | null;
    blocksHard: number | null;
    inodesUsage: number | null;
    inodesSoft: number | null;
    inodesHard: number | null;
  };
}

/** CTs named one by one in the node's problem text. */
const MAX_NAMED = 5;

type Sections = Partial<Record<CollectSection, CollectSectionOutput>>;

/** The section's bytes as a byte string (one char per byte) for the byte-exact readers. */
function byteStringOf(section: CollectSectionOutput): string {
  return section.bytes.toString('latin1');
}

/**
 * The containers of a full poll's vzlist section(s). One CT whose fields cannot be read is kept
 * with `fieldsUnreadable` and named in `problems` (the node is degraded); every other CT and all
 * of the node's other figures are stored as usual.
 */
export function readContainers(sections: Sections, problems: string[]): ContainerRecord[] {
  const vzlist = sections.vzlist!;
  const table = VZLIST_TEXT_SECTIONS.some((s) => sections[s] !== undefined);
  const byteString = byteStringOf(vzlist);
  // The scan reads the common layout along its lines; anything else is for the careful reader.
  const results = table
    ? readVzlistTableByCt(byteString, VZLIST_FIELDS)
    : (scanVzlistJson(byteString, VZLIST_JSON_FIELDS, VZLIST_JSON_TEXT_FIELDS) ?? readVzlistJsonByCt(byteString, VZLIST_JSON_FIELDS, VZLIST_JSON_TEXT_FIELDS));
  const list = Array.isArray(results) ? results : results.containers;
  if (!Array.isArray(results) && results.strayLines.length) {
    problems.push(`vzlist: ${results.strayLines.length} line(s) outside any container: ${results.strayLines[0]}`);
  }
  const records = toRecords(list, problems);
  if (table) addTextColumns(sections, records, problems);
  return records;
}

function toRecords(list: VzlistCtResult[], problems: string[]): ContainerRecord[] {
  const seen = new Map<string, ContainerRecord>();
  const noId: string[] = [];
  for (const r of list) {
    if (r.ctId === null || !ctIdSchema.safeParse(r.ctId).success) {
      noId.push(`vzlist: a container's fields are unreadable (${r.ok ? 'no valid CT id' : r.reason}): ${r.ok ? '' : r.raw}`);
      continue;
    }
    const record = r.ok ? withRaw(toContainerRecord(r.row), r.text) : unreadable(r.ctId, `${r.reason}: ${r.raw}`, r.status);
    if (seen.has(r.ctId)) {
      seen.set(r.ctId, unreadable(r.ctId, 'vzlist listed this CT twice'));
      continue;
    }
    seen.set(r.ctId, record);
  }
  problems.push(...noId.slice(0, MAX_NAMED));
  if (noId.length > MAX_NAMED) problems.push(`vzlist: ${noId.length - MAX_NAMED} more unreadable lines naming no CT`);
  const bad = [...seen.values()].filter((c) => c.fieldsUnreadable);
  // Named one by one up to a few; a node full of them is said in one line, not thousands.
  for (const c of bad.slice(0, MAX_NAMED)) problems.push(`CT ${c.ctId}: fields unreadable (${c.fieldsUnreadable!.split('\n')[0]})`);
  if (bad.length > MAX_NAMED) problems.push(`${bad.length - MAX_NAMED} more CTs with unreadable fields`);
  return [...seen.values()];
}

function unreadable(ctId: string, why: string, status?: string): ContainerRecord {
  return { ...toContainerRecord({ ctid: ctId, status }), fieldsUnreadable: detachedString(why) };
}

function withRaw(record: ContainerRecord, text: Record<string, FreeText | null>): ContainerRecord {
  const raw: Partial<Record<VzlistTextField, string>> = {};
  for (const f of VZLIST_TEXT_FIELDS) {
    const v = text[f];
    if (v?.rawHex) raw[f] = v.rawHex;
  }
  return Object.keys(raw).length ? { ...record, rawFields: raw } : record;
}

/** The table form's free-text calls: an unreadable line or a failed call degrades, never fails. */
function addTextColumns(sections: Sections, records: ContainerRecord[], problems: string[]): void {
  const byId = new Map(records.map((c, i) => [c.ctId, i]));
  VZLIST_TEXT_FIELDS.forEach((field, k) => {
    const name = VZLIST_TEXT_SECTIONS[k]!;
    const section = sections[name];
    if (!section || section.exitCode !== 0) {
      problems.push(`${name}: ${section ? `exited with code ${section.exitCode}` : 'no output'}`);
      return;
    }
    const column = readVzlistTextColumn(byteStringOf(section));
    for (const line of column.unreadable) problems.push(`${name}: a line names no CT: ${line}`);
    for (const [ctId, value] of column.values) {
      const i = byId.get(ctId);
      if (i === undefined) continue;
      const c = records[i]!;
      records[i] = { ...c, [field]: value?.text ?? null, rawFields: value?.rawHex ? { ...c.rawFields, [field]: value.rawHex } : c.rawFields };
    }
    for (const [ctId, why] of column.broken) {
      const i = byId.get(ctId);
      if (i === undefined) continue;
      records[i] = { ...records[i]!, [field]: null, fieldsUnreadable: `${field}: ${why}` };
      problems.push(`CT ${ctId}: fields unreadable (${field}: ${why.split('\n')[0]})`);
    }
  });
}

type Row = Record<string, unknown>;

export function toContainerRecord(row: Row): ContainerRecord {
  const ips = row.ip;
  return {
    ctId: detachedString(String(row.ctid)),
    status: typeof row.status === 'string' ? detachedString(row.status) : 'unknown',
    hostname: text(row, 'hostname'),
    name: text(row, 'name'),
    description: text(row, 'description'),
    rawFields: null,
    fieldsUnreadable: null,
    osTemplate: str(row, 'ostemplate'),
    ips: Array.isArray(ips) ? ips.map((ip) => detachedString(String(ip))) : typeof ips === 'string' ? [detachedString(ips)] : [],
    cpuunits: num(row, 'cpuunits'),
    cpulimit: num(row, 'cpulimit'),
    quota: {
      blocksUsage: num(row, 'diskspace'),
      blocksSoft: num(row, 'diskspace.s'),
      blocksHard: num(row, 'diskspace.h'),
      inodesUsage: num(row, 'diskinodes'),
      inodesSoft: num(row, 'diskinodes.s'),
      inodesHard: num(row, 'diskinodes.h'),
    },
  };
}

/**
 * Free text is kept literally: `-` is a value here (the readers turn an unset field into null).
 * decodeFreeText made it a string of its own already; the other kept strings are made so here.
 */
function text(row: Row, field: string): string | null {
  const v = row[field];
  return typeof v === 'string' ? v : null;
}

function str(row: Row, field: string): string | null {
  const v = row[field];
  return typeof v === 'string' && v !== '-' ? detachedString(v) : null;
}

function num(row: Row, field: string): number | null {
  const v = row[field];
  return typeof v === 'number' ? v : null;
}
