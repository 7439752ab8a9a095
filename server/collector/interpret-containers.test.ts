import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readContainers } from './interpret-containers';
import type { ContainerRecord } from './interpret';
import { VZLIST_JSON_FIELDS } from '../ssh/commands';
import type { CollectSectionOutput } from '../ssh/split-sections';

const section = (text: string, exitCode = 0): CollectSectionOutput => ({ text, bytes: Buffer.from(text, 'utf8'), exitCode, firstLine: 1 });
const bytesSection = (bytes: Buffer): CollectSectionOutput => ({ text: bytes.toString('utf8'), bytes, exitCode: 0, firstLine: 1 });

const TABLE = '       101 running centos-6 1000 0 10 20 30 40 50 60 10.0.0.1\n       102 running debian-7 2000 0 10 20 30 40 50 60 10.0.0.2 10.0.0.3\n';

describe('readContainers', () => {
  it('table form: structured row and free-text calls are joined by CT id; raw bytes are kept when lossy', () => {
    const problems: string[] = [];
    const cts = readContainers(
      {
        vzlist: section(TABLE),
        'vzlist-hostname': bytesSection(Buffer.concat([Buffer.from('       101 a b\n       102 '), Buffer.from([0xf3, 0xc5]), Buffer.from('\n')])),
        'vzlist-name': section('       101 -\n       102 shop\n'),
        'vzlist-description': section('', 1),
      },
      problems,
    );
    expect(cts.map((c) => [c.ctId, c.hostname, c.name, c.cpuunits, c.ips])).toEqual([
      ['101', 'a b', null, 1000, ['10.0.0.1']],
      ['102', '\ufffd\ufffd', 'shop', 2000, ['10.0.0.2', '10.0.0.3']],
    ]);
    expect(cts[1]!.rawFields).toEqual({ hostname: 'f3c5' });
    expect(problems).toEqual(['vzlist-description: exited with code 1']);
  });

  it('a CT listed twice is trusted for neither row; a row with no CT id is named as a problem', () => {
    const problems: string[] = [];
    const cts = readContainers(
      {
        vzlist: section(`${TABLE}       101 running x 1 0 1 1 1 1 1 1 -\nnonsense\n`),
        'vzlist-hostname': section(''),
        'vzlist-name': section(''),
        'vzlist-description': section(''),
      },
      problems,
    );
    expect(cts.map((c) => [c.ctId, c.fieldsUnreadable])).toEqual([
      ['101', 'vzlist listed this CT twice'],
      ['102', null],
    ]);
    expect(problems).toEqual([
      'vzlist: a container\'s fields are unreadable (the row does not start with a CT id): nonsense',
      'CT 101: fields unreadable (vzlist listed this CT twice)',
    ]);
  });

  it('names at most five unreadable CTs in the problem text, then counts the rest', () => {
    const rows = Array.from({ length: 8 }, (_, i) => `       ${200 + i} running not a number here\n`).join('');
    const problems: string[] = [];
    readContainers({ vzlist: section(rows), 'vzlist-hostname': section(''), 'vzlist-name': section(''), 'vzlist-description': section('') }, problems);
    expect(problems).toHaveLength(6);
    expect(problems.at(-1)).toBe('3 more CTs with unreadable fields');
  });
});

describe('readContainers keeps no view of the answer it read', () => {
  // V8 keeps the whole text a long slice was cut from; a CT's record lives as long as the node's
  // latest snapshot, so a kept slice would keep each node's vzlist answer too.
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const FILLER = 'x'.repeat(1 << 20);

  function heapKeptBy(read: (i: number) => ContainerRecord): number {
    const kept: ContainerRecord[] = [];
    gc();
    // A long answer's byte string may be an external string (outside the V8 heap): both count.
    const used = () => process.memoryUsage().heapUsed + process.memoryUsage().external;
    const before = used();
    for (let i = 0; i < 16; i++) kept.push(read(i));
    gc();
    const grown = used() - before;
    expect(kept.map((c) => [c.ctId, c.osTemplate, c.ips])).toEqual(Array.from({ length: 16 }, () => ['101', 'debian-9.0-x86_64-minimal', ['10.101.112.113', 'fd00::101:1:2:3']]));
    return grown;
  }

  it('vzlist -j (the scan): of 16 ~1 MiB answers, the first CTs kept take well under one answer', () => {
    const field = (name: string, value: string) => `    "${name}": ${value}`;
    const ctObject = (id: string, hostname: string, description: string) =>
      [
        field('ctid', id),
        field('status', '"running"'),
        field('ostemplate', '"debian-9.0-x86_64-minimal"'),
        field('cpuunits', '1000'),
        field('cpulimit', '0'),
        field('diskspace', '{\n      "usage": 10,\n      "softlimit": 2097152,\n      "hardlimit": 2097152\n    }'),
        field('diskinodes', '{\n      "usage": 5000,\n      "softlimit": 200000,\n      "hardlimit": 200000\n    }'),
        field('ip', '["10.101.112.113", "fd00::101:1:2:3"]'),
        field('hostname', hostname),
        field('name', 'null'),
        field('description', description),
      ].join(',\n');
    expect(VZLIST_JSON_FIELDS).toEqual(['ctid', 'status', 'ostemplate', 'cpuunits', 'cpulimit', 'diskspace', 'diskinodes', 'ip', 'hostname', 'name', 'description']);
    const grown = heapKeptBy((i) => {
      const text = `[\n  {\n${ctObject('101', `"ct101-${i}.example.com"`, 'null')}\n  },\n  {\n${ctObject('102', 'null', `"${FILLER}"`)}\n  }\n]\n`;
      const [first] = readContainers({ vzlist: section(text) }, []);
      expect(first!.hostname).toBe(`ct101-${i}.example.com`);
      return first!;
    });
    expect(grown).toBeLessThan(4 << 20);
  });

});
