import { describe, expect, it } from 'vitest';
import { readVzlistJsonByCt } from './vzlist-json-by-ct';
import { decodeFreeText, MAX_FREE_TEXT_BYTES } from './vzlist-free-text';

const FIELDS = ['ctid', 'status', 'ostemplate', 'cpuunits', 'cpulimit', 'diskspace', 'diskinodes', 'ip', 'hostname', 'name', 'description'];
const TEXT = new Set(['hostname', 'name', 'description', 'ostemplate']);

/** Bytes → byte string, as the collector hands the section over. */
const latin1 = (b: Buffer) => b.toString('latin1');
const utf8 = (s: string) => latin1(Buffer.from(s, 'utf8'));

/** One CT object as vzctl 4.x print_one_ve_json prints it: values as raw bytes, strings unescaped. */
function ct(id: number, free: { hostname?: string | null; name?: string | null; description?: string | null } = {}): string {
  const q = (v: string | null | undefined) => (v === null || v === undefined ? 'null' : `"${v}"`);
  return [
    '  {',
    `    "ctid": ${id},`,
    '    "status": "running",',
    '    "ostemplate": "centos-6-x86_64",',
    `    "cpuunits": ${1000 + id},`,
    '    "cpulimit": 0,',
    '    "diskspace": {',
    `      "usage": ${id * 10},`,
    '      "softlimit": 2097152,',
    '      "hardlimit": 9223372036854775807',
    '    },',
    '    "diskinodes": {',
    '      "usage": 5000,',
    '      "softlimit": 200000,',
    '      "hardlimit": 220000',
    '    },',
    `    "ip": ["10.0.0.${id % 250}"],`,
    `    "hostname": ${q(free.hostname)},`,
    `    "name": ${q(free.name)},`,
    `    "description": ${q(free.description)}`,
    '  }',
  ].join('\n');
}
const output = (objects: string[]) => `[\n${objects.join(',\n')}\n]\n`;

describe('readVzlistJsonByCt', () => {
  it('reads each CT apart when a structured value closes its object and opens another', () => {
    // The CTs are read as one array first; a value that splits its object must not shift the rows.
    const forged = ct(102).replace('"cpulimit": 0,', '"cpulimit": 0}, {"ctid": 999, "cpulimit": 5,');
    const r = readVzlistJsonByCt(output([ct(101), forged, ct(103)]), FIELDS, TEXT);
    expect(r.containers.map((c) => c.ctId)).toEqual(['101', '102', '103']);
    expect(r.containers.map((c) => c.ok && c.row.cpuunits)).toEqual([1101, false, 1103]);
    expect(r.containers[2]!.ok && r.containers[2]!.row.ctid).toBe('103');
  });

  it('reads the structured figures of every CT as the strict JSON parser does', () => {
    const r = readVzlistJsonByCt(output([ct(101), ct(102)]), FIELDS, TEXT);
    expect(r.containers.map((c) => c.ok && c.row.cpuunits)).toEqual([1101, 1102]);
    const first = r.containers[0]!;
    expect(first.ok && first.row).toMatchObject({ ctid: '101', 'diskspace.h': null, 'diskinodes.s': 200000, ip: ['10.0.0.101'], hostname: null });
  });

  it.each([
    ['spaces and tabs', 'my host\tname  x'],
    ['double quotes and a backslash (vzlist does not escape them)', 'a"b\\c"'],
    ['a trailing quote and comma', 'ends with ",'],
    ['markup', '<img src=x onerror=alert(1)> и пробелы'],
    ['Cyrillic and emoji', 'сервер-клиента 🚀'],
    ['300 characters', 'x'.repeat(300)],
    ['a literal dash', '-'],
    ['the empty string', ''],
    ['a forged field line', 'x", "cpuunits": 999999, "y": "'],
  ])('keeps a hostname with %s literally, and the other CTs as they are', (_what, value) => {
    const r = readVzlistJsonByCt(utf8(output([ct(101), ct(102, { hostname: value, name: value, description: value }), ct(103)])), FIELDS, TEXT);
    expect(r.containers).toHaveLength(3);
    const odd = r.containers[1]!;
    expect(odd.ok).toBe(true);
    if (!odd.ok) return;
    expect(odd.row.hostname).toBe(value);
    expect(odd.row.name).toBe(value);
    expect(odd.row.description).toBe(value);
    expect(odd.text.hostname?.rawHex).toBeNull();
    expect(odd.row.cpuunits).toBe(1102);
    expect(r.containers.map((c) => c.ok && c.row.cpuunits)).toEqual([1101, 1102, 1103]);
  });

  it('tells an unset field (null) from the empty string and from "-"', () => {
    const r = readVzlistJsonByCt(output([ct(101, { hostname: null, name: '', description: '-' })]), FIELDS, TEXT);
    const c = r.containers[0]!;
    expect(c.ok && [c.row.hostname, c.row.name, c.row.description]).toEqual([null, '', '-']);
  });

  it('shows invalid UTF-8 and KOI8-R bytes as U+FFFD and keeps the raw bytes in hex', () => {
    // A byte string: one char per byte. "Сервер" in KOI8-R, and two bytes no UTF-8 text holds.
    const c = readVzlistJsonByCt(output([ct(101, { hostname: '\xf3\xc5\xd2\xd7\xc5\xd2', description: 'ok\xff\xfe' })]), FIELDS, TEXT).containers[0]!;
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.row.hostname).toBe('\ufffd'.repeat(6));
    expect(c.text.hostname?.rawHex).toBe('f3c5d2d7c5d2');
    expect(c.row.description).toBe('ok\ufffd\ufffd');
    expect(c.text.description?.rawHex).toBe('6f6bfffe');
  });

  it('marks only the CT whose value spans lines as unreadable, with its raw lines', () => {
    const r = readVzlistJsonByCt(output([ct(101), ct(102, { hostname: 'two\n    "lines": "x' }), ct(103)]), FIELDS, TEXT);
    expect(r.containers.map((c) => c.ok)).toEqual([true, false, true]);
    const bad = r.containers[1]!;
    expect(bad.ok === false && bad.ctId).toBe('102');
    expect(bad.ok === false && bad.raw).toContain('"ctid": 102');
    expect(bad.ok === false && bad.status).toBe('running'); // still counted as running
  });

  it('marks a CT unreadable when a structured value is not what the field holds', () => {
    const r = readVzlistJsonByCt(output([ct(101).replace('"cpuunits": 1101', '"cpuunits": "many"'), ct(102)]), FIELDS, TEXT);
    expect(r.containers.map((c) => c.ok)).toEqual([false, true]);
    expect(r.containers[0]!.ok === false && r.containers[0]!.reason).toMatch(/cpuunits/);
  });

  it('reads OpenVZ 7 string CT ids and an empty list', () => {
    expect(readVzlistJsonByCt('[]\n', FIELDS, TEXT).containers).toEqual([]);
    const r = readVzlistJsonByCt(output([ct(101).replace('"ctid": 101', '"ctid": "101"')]), FIELDS, TEXT);
    expect(r.containers[0]!.ctId).toBe('101');
  });

  it('cuts a value past the bound and says so', () => {
    const v = decodeFreeText('y'.repeat(MAX_FREE_TEXT_BYTES + 10));
    expect(v.text).toHaveLength(MAX_FREE_TEXT_BYTES);
    expect(v.truncated).toBe(true);
  });
});
