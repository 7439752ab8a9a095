import { describe, it, expect } from 'vitest';
import { parseVzlistJson } from './vzlist-json';
import { parseVzlistNoHeader } from './vzlist';
import { parseError } from './test-support';

// FORMATS.md §10.3 (reconstructed; no -j capture exists).
const JSON_TEXT = `[
  {
    "ctid": 101,
    "hostname": "ct101.example.com",
    "ip": ["10.0.0.101", "10.0.0.102"],
    "status": "running",
    "physpages": {
      "held": 48012,
      "maxheld": 61234,
      "barrier": 0,
      "limit": 262144,
      "failcnt": 0
    },
    "diskspace": {
      "usage": 652348,
      "softlimit": 2097152,
      "hardlimit": 2306867
    },
    "laverage": [0.05, 0.03, 0.00],
    "uptime": 1048307.512,
    "cpulimit": 0,
    "onboot": true
  },
  {
    "ctid": 102,
    "hostname": null,
    "ip": [],
    "status": "stopped",
    "physpages": {
      "held": 0,
      "maxheld": 0,
      "barrier": 0,
      "limit": 262144,
      "failcnt": 0
    },
    "diskspace": null,
    "laverage": null,
    "uptime": 0.000,
    "cpulimit": 0,
    "onboot": null
  }
]
`;

describe('parseVzlistJson', () => {
  it('flattens UBC and disk objects into the table row shape', () => {
    const r = parseVzlistJson(JSON_TEXT);
    expect(r.containers[0]).toEqual({
      ctid: '101', hostname: 'ct101.example.com', ip: ['10.0.0.101', '10.0.0.102'], status: 'running',
      physpages: 48012, 'physpages.m': 61234, 'physpages.b': 0, 'physpages.l': 262144, 'physpages.f': 0,
      diskspace: 652348, 'diskspace.s': 2097152, 'diskspace.h': 2306867,
      laverage: [0.05, 0.03, 0], uptime: 1048307.512, cpulimit: 0, onboot: 'yes',
    });
    expect(r.containers[1]).toMatchObject({ ctid: '102', hostname: null, ip: [], diskspace: null, 'diskspace.h': null, laverage: null, uptime: 0, onboot: null });
    expect(r.fields.slice(0, 5)).toEqual(['ctid', 'hostname', 'ip', 'status', 'physpages']);
  });

  it('gives the same row as the table parser for the same CT', () => {
    const table = parseVzlistNoHeader('       101 running     652348    2306867 10.0.0.101 10.0.0.102\n', ['ctid', 'status', 'diskspace', 'diskspace.h', 'ip']);
    const json = parseVzlistJson('[{"ctid": 101, "status": "running", "diskspace": {"usage": 652348, "softlimit": 2097152, "hardlimit": 2306867}, "ip": ["10.0.0.101", "10.0.0.102"]}]');
    expect(json.containers[0]).toMatchObject(table.containers[0]!);
  });

  it('maps LONG_MAX and INT_MAX limits to null without ever holding them as numbers', () => {
    const text = '[{"ctid": "a91255a2-a139-a01c-23fa-7d919791d8e9", "kmemsize": {"held": 5787331, "maxheld": 8654848, "barrier": 9223372036854775807, "limit": 2147483647, "failcnt": 0}, "features": {"sysfs": false, "ppp": true}}]';
    expect(parseVzlistJson(text).containers[0]).toEqual({
      ctid: 'a91255a2-a139-a01c-23fa-7d919791d8e9',
      kmemsize: 5787331, 'kmemsize.m': 8654848, 'kmemsize.b': null, 'kmemsize.l': null, 'kmemsize.f': 0,
      features: 'sysfs:off,ppp:on',
    });
  });

  it('reads [] as no CTs', () => {
    expect(parseVzlistJson('[]\n')).toEqual({ fields: [], containers: [], warnings: [] });
  });

  it('rejects bad input, naming the line', () => {
    expect(parseError(() => parseVzlistJson('')).lineNumber).toBe(0);
    const bigHeld = JSON_TEXT.replace('"held": 48012', '"held": 9223372036854775807');
    const e = parseError(() => parseVzlistJson(bigHeld));
    expect(e.lineNumber).toBe(2);
    expect(e.reason).toMatch(/physpages\.held/);
    expect(parseError(() => parseVzlistJson(JSON_TEXT.replace('"uptime": 0.000,', '"uptime": 0.000'))).lineNumber).toBe(39);
    expect(parseError(() => parseVzlistJson("Field `physpages.l' is not available in JSON output\n")).lineNumber).toBe(1);
    expect(parseError(() => parseVzlistJson('{"ctid": 101}')).lineNumber).toBe(1);
    expect(parseError(() => parseVzlistJson(JSON_TEXT.replace('"cpulimit": 0,', '"cpulimit": "zero",'))).lineNumber).toBe(2);
    expect(parseError(() => parseVzlistJson(JSON_TEXT.replace(/\n/g, '\r\n'))).lineNumber).toBe(1);
  });

  it('names the opening line of the container at fault, past the first (a big number or not)', () => {
    const second = (value: string) => `[\n  {\n    "ctid": 101,\n    "cpulimit": 0\n  },\n  {\n    "ctid": 102,\n    "cpulimit": ${value}\n  }\n]\n`;
    expect(parseVzlistJson(second('7')).containers.map((c) => c.cpulimit)).toEqual([0, 7]);
    expect(parseError(() => parseVzlistJson(second('"zero"'))).lineNumber).toBe(6);
    const big = parseError(() => parseVzlistJson(second('92233720368547758070')));
    expect(big.lineNumber).toBe(6);
    expect(big.reason).toMatch(/cpulimit: 92233720368547758070 is larger than a JS number/);
  });

  it('reads both spellings of unlimited in limits only, and names the part of an object at fault', () => {
    const one = (physpages: string, diskspace: string) =>
      `[\n  {\n    "ctid": 101,\n    "physpages": ${physpages},\n    "diskspace": ${diskspace}\n  }\n]\n`;
    const ubc = (held: string, barrier: string, limit: string) => `{"held": ${held}, "maxheld": 1, "barrier": ${barrier}, "limit": ${limit}, "failcnt": 0}`;
    const disk = (usage: string, hard: string) => `{"usage": ${usage}, "softlimit": 2147483647, "hardlimit": ${hard}}`;
    const row = parseVzlistJson(one(ubc('2147483647', '2147483647', '9223372036854775807'), disk('2147483647', '9223372036854775807'))).containers[0]!;
    expect(row).toMatchObject({ physpages: 2147483647, 'physpages.b': null, 'physpages.l': null, diskspace: 2147483647, 'diskspace.s': null, 'diskspace.h': null });
    expect(parseVzlistJson(one(ubc('5', '2147483646', '2147483648'), disk('1', '3'))).containers[0]).toMatchObject({ 'physpages.b': 2147483646, 'physpages.l': 2147483648, 'diskspace.h': 3 });
    expect(parseError(() => parseVzlistJson(one(ubc('1', '2', '3'), disk('1', '-3')))).reason).toMatch(/^diskspace\.hardlimit: expected a non-negative integer, found -3/);
    expect(parseError(() => parseVzlistJson(one(ubc('9223372036854775807', '2', '3'), disk('1', '3')))).reason).toMatch(/^physpages\.held: 9223372036854775807 is larger than a JS number/);
    expect(parseError(() => parseVzlistJson(one(ubc('1', '2', '3'), '"big"'))).reason).toMatch(/^diskspace: expected an object/);
  });
});
