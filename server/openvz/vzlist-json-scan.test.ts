import { describe, expect, it } from 'vitest';
import { createNodeModel } from '../../sim/world/model';
import { findField, renderVzlistJson } from '../../sim/render/vzlist';
import { VZLIST_JSON_FIELDS, VZLIST_JSON_TEXT_FIELDS } from '../ssh/commands';
import { readVzlistJsonByCt } from './vzlist-json-by-ct';
import { scanVzlistJson } from './vzlist-json-scan';
import { MAX_FREE_TEXT_BYTES } from './vzlist-free-text';

const FIELDS = VZLIST_JSON_FIELDS;
const TEXT = VZLIST_JSON_TEXT_FIELDS;

/** What the collector does: the scan, and the careful reader where the scan gives up. */
const either = (byteString: string) => scanVzlistJson(byteString, FIELDS, TEXT) ?? readVzlistJsonByCt(byteString, FIELDS, TEXT);
const careful = (byteString: string) => readVzlistJsonByCt(byteString, FIELDS, TEXT);

const latin1 = (b: Buffer) => b.toString('latin1');
const utf8 = (s: string) => latin1(Buffer.from(s, 'utf8'));

function simulated(generation: 'legacy' | 'vz7', seed: number): string {
  const model = createNodeModel({ seed, index: 0, ctsPerNode: 12, generation });
  return renderVzlistJson(model, model.containers, FIELDS.map((f) => findField(model, f)!));
}

/** One CT object as vzctl 4.x print_one_ve_json prints it, with the collector's fields. */
function ct(id: number, over: Partial<Record<(typeof FIELDS)[number], string>> = {}): string {
  const v = {
    ctid: String(id),
    status: '"running"',
    ostemplate: '"centos-6-x86_64"',
    cpuunits: String(1000 + id),
    cpulimit: '0',
    diskspace: `{\n      "usage": ${id * 10},\n      "softlimit": 2097152,\n      "hardlimit": 9223372036854775807\n    }`,
    diskinodes: '{\n      "usage": 5000,\n      "softlimit": 200000,\n      "hardlimit": 2147483647\n    }',
    ip: `["10.0.0.${id % 250}", "fd00::${id}"]`,
    hostname: `"ct${id}.example.com"`,
    name: 'null',
    description: 'null',
    ...over,
  };
  return `  {\n${FIELDS.map((f) => `    "${f}": ${v[f]}`).join(',\n')}\n  }`;
}
const output = (objects: string[]) => `[\n${objects.join(',\n')}\n]\n`;
const base = output([ct(101), ct(102), ct(103)]);

describe('scanVzlistJson', () => {
  it('reads the simulator\'s legacy and OpenVZ 7 listings itself, CT for CT as readVzlistJsonByCt', () => {
    for (const [generation, seed] of [['legacy', 11], ['vz7', 12]] as const) {
      const text = simulated(generation, seed);
      const scanned = scanVzlistJson(text, FIELDS, TEXT);
      expect(scanned, generation).not.toBeNull();
      expect(scanned!.containers).toHaveLength(12);
      expect(scanned).toEqual(careful(text));
    }
  });

  it('reads unlimited quotas, address lists and nulls as the strict JSON reader does', () => {
    const text = output([ct(101), ct(102, { ip: '[]', cpulimit: 'null', diskinodes: 'null', ostemplate: 'null' })]);
    const scanned = scanVzlistJson(text, FIELDS, TEXT)!;
    expect(scanned).toEqual(careful(text));
    expect(scanned.containers[0]).toMatchObject({ ok: true, row: { 'diskspace.h': null, 'diskinodes.h': null, 'diskspace.s': 2097152, ip: ['10.0.0.101', 'fd00::101'] } });
    expect(scanned.containers[1]).toMatchObject({ ok: true, row: { ip: [], cpulimit: null, diskinodes: null, 'diskinodes.s': null, ostemplate: null } });
  });

  const freeText: Record<string, string> = {
    'spaces and tabs': '"my host\tname  x"',
    'quotes and a backslash (vzlist does not escape them)': '"a"b\\c"',
    'markup': '"<img src=x onerror=alert(1)>"',
    'UTF-8': `"${utf8('сервер-1')}"`,
    'KOI8-R bytes (not UTF-8)': `"${latin1(Buffer.from([0xd3, 0xc5, 0xd2, 0xd7, 0xc5, 0xd2]))}"`,
    'a NUL byte': '"a\u0000b"',
    'empty': '""',
    'longer than kept': `"${'x'.repeat(MAX_FREE_TEXT_BYTES + 10)}"`,
  };
  it.each(Object.keys(freeText))('reads a hostname with %s byte for byte, as the careful reader', (what) => {
    const text = output([ct(101), ct(102, { hostname: freeText[what]!, description: freeText[what]! })]);
    const scanned = scanVzlistJson(text, FIELDS, TEXT);
    expect(scanned).not.toBeNull();
    expect(scanned).toEqual(careful(text));
  });

  const lines = base.split('\n');
  const broken: Record<string, string> = {
    'CRLF lines': base.replace(/\n/g, '\r\n'),
    'an escape in a string': base.replace('"running"', '"run\\u006eing"'),
    'a field line forged inside a value': base.replace('"ct102.example.com",', '"x",\n    "cpulimit": 5,'),
    'a value spanning lines': base.replace('"ct102.example.com"', '"ct102\nexample"'),
    'a field missing': base.replace(/ {4}"cpulimit": 0,\n/, ''),
    'two fields swapped': base.replace('"cpuunits": 1102,\n    "cpulimit": 0,', '"cpulimit": 0,\n    "cpuunits": 1102,'),
    'an extra field': base.replace('"cpulimit": 0,', '"cpulimit": 0,\n    "numproc": 7,'),
    'LONG_MAX as usage': base.replace('"usage": 1020', '"usage": 9223372036854775807'),
    '16 digits as usage': base.replace('"usage": 1020', '"usage": 1000000000000000'),
    'a negative number': base.replace('"cpulimit": 0', '"cpulimit": -1'),
    'a decimal': base.replace('"cpuunits": 1102', '"cpuunits": 11.5'),
    'a leading zero': base.replace('"cpuunits": 1102', '"cpuunits": 01102'),
    'INT_MAX with leading zeros': base.replace('2147483647', '02147483647'),
    'an extra key in diskspace': base.replace('"softlimit": 2097152,', '"softlimit": 2097152,\n      "x": 1,'),
    'a list without spaces': base.replace('["10.0.0.102", "fd00::102"]', '["10.0.0.102","fd00::102"]'),
    'a number in a list': base.replace('["10.0.0.102", "fd00::102"]', '[1]'),
    'a quoted CT id': base.replace('"ctid": 102', '"ctid": "102"'),
    'an OpenVZ 7 id': base.replace('"ctid": 102', '"ctid": "8b5c3f2e-1a2b-4c3d-9e8f-001122334455"'),
    'a CT id with a leading zero': base.replace('"ctid": 102', '"ctid": 0102'),
    'a name for an id': base.replace('"ctid": 102', '"ctid": web'),
    'a comma after the last field': base.replace('"description": null\n  },\n  {\n    "ctid": 103', '"description": null,\n  },\n  {\n    "ctid": 103'),
    'no comma after a field': base.replace('"cpuunits": 1102,', '"cpuunits": 1102'),
    'a comma after the last object': base.replace(/\n {2}\}\n\]/, '\n  },\n]'),
    'a stray line': base.replace('[\n', '[\nwarning: something\n'),
    'a shell banner first': `Welcome!\n${base}`,
    'no CTs': '[]\n',
    'no final newline': base.replace(/\n$/, ''),
    'two final newlines': `${base}\n`,
    'the array unclosed': lines.slice(0, -2).join('\n'),
    'the last object cut off': lines.slice(0, -6).join('\n'),
    'a status in capitals': base.replace('"running"', '"RUNNING"'),
    'a non-ASCII status': base.replace('"running"', `"${utf8('запущен')}"`),
    'empty': '',
  };
  it.each(Object.keys(broken))('gives readVzlistJsonByCt\'s answer for: %s', (what) => {
    const text = broken[what]!;
    expect(text).not.toBe(base);
    expect(either(text)).toEqual(careful(text));
  });

  it('gives up on inputs outside its layout (so the careful reader words the problem)', () => {
    for (const what of ['CRLF lines', 'a field line forged inside a value', 'an extra field', 'LONG_MAX as usage', 'a stray line', 'no CTs', 'empty']) {
      expect(scanVzlistJson(broken[what]!, FIELDS, TEXT), what).toBeNull();
    }
    // A status in capitals is still a plain string: read, and read alike.
    expect(scanVzlistJson(broken['a status in capitals']!, FIELDS, TEXT)).not.toBeNull();
  });

  it('leaves field lists with kinds it does not know to the careful reader', () => {
    expect(scanVzlistJson(base, ['ctid', 'physpages'], TEXT)).toBeNull();
    expect(scanVzlistJson(base, ['status', 'ctid'], TEXT)).toBeNull();
  });

  it('matches the careful reader on a few thousand corrupted listings', () => {
    // Deterministic damage: a byte changed, removed or repeated, at places across the text.
    const text = simulated('legacy', 21);
    const alphabet = '{}[]",: \n0123456789-ab\\\u00ff';
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    let scanned = 0;
    for (let n = 0; n < 3000; n++) {
      const at = next() % text.length;
      const op = next() % 3;
      const ch = alphabet[next() % alphabet.length]!;
      const bad = op === 0 ? text.slice(0, at) + ch + text.slice(at + 1) : op === 1 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + text[at] + text.slice(at);
      if (scanVzlistJson(bad, FIELDS, TEXT) !== null) scanned++;
      expect(either(bad)).toEqual(careful(bad));
    }
    // Most damage lands in a free-text or number's bytes, which the scan still reads itself.
    expect(scanned).toBeGreaterThan(100);
  });
});
