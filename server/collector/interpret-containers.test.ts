import { describe, expect, it } from 'vitest';
import { readContainers } from './interpret-containers';
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
