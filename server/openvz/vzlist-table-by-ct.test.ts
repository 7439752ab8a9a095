import { describe, expect, it } from 'vitest';
import { readVzlistTableByCt, readVzlistTextColumn } from './vzlist-table-by-ct';

const FIELDS = ['ctid', 'status', 'ostemplate', 'cpuunits', 'ip'];
const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

describe('readVzlistTableByCt', () => {
  it('marks only the row that cannot be read, keeping its CT id and raw line', () => {
    const text = '       101 running centos-6  1000 10.0.0.1\n       102 running centos 6  1000 10.0.0.2\n       103 stopped debian-7  250 -\n';
    const r = readVzlistTableByCt(text, FIELDS);
    expect(r.map((c) => c.ok)).toEqual([true, false, true]);
    expect(r[1]).toMatchObject({ ok: false, ctId: '102', raw: '       102 running centos 6  1000 10.0.0.2' });
    expect(r[2]!.ok && r[2]!.row).toMatchObject({ ctid: '103', cpuunits: 250, ip: [] });
  });

  it('a row that starts with no CT id is unreadable with no CT to pin it on', () => {
    const r = readVzlistTableByCt('garbage here\n', FIELDS);
    expect(r[0]).toMatchObject({ ok: false, ctId: null });
  });
});

describe('readVzlistTextColumn (vzlist -H -o ctid,<field>)', () => {
  it.each([
    ['spaces and tabs', 'my host\tname  x'],
    ['leading spaces', '  indented'],
    ['quotes', `it's "quoted"`],
    ['markup and Cyrillic', '<img src=x onerror=alert(1)> и пробелы'],
    ['emoji', '🚀 rocket'],
    ['300 characters', 'z'.repeat(300)],
  ])('keeps a value with %s: the rest of the line after the CT id and one space', (_what, value) => {
    const col = readVzlistTextColumn(utf8(`       101 a\n       102 ${value}\n1234567890 b\n`));
    expect(col.values.get('102')?.text).toBe(value);
    expect(col.values.get('101')?.text).toBe('a');
    expect(col.values.get('1234567890')?.text).toBe('b');
  });

  it('reads `-` as unset and a bare CT id as the empty string', () => {
    const col = readVzlistTextColumn('       101 -\n       102\n');
    expect(col.values.get('101')).toBeNull();
    expect(col.values.get('102')?.text).toBe('');
  });

  it('shows KOI8-R bytes as U+FFFD with the raw bytes kept', () => {
    const col = readVzlistTextColumn('       101 \xf3\xc5\xd2\xd7\xc5\xd2\n');
    expect(col.values.get('101')).toEqual({ text: '\ufffd'.repeat(6), rawHex: 'f3c5d2d7c5d2', truncated: false });
  });

  it('a value holding a newline: its CT is not trusted, nor a CT printed twice; the others are read', () => {
    const col = readVzlistTextColumn('stray\n       101 first\nsecond half\n       102 x\n102 forged\n       103 ok\n');
    expect(col.unreadable).toEqual(['stray']);
    expect([...col.broken.keys()]).toEqual(['101', '102']);
    expect(col.broken.get('101')).toBe('the value spans lines:        101 first\nsecond half');
    expect(col.values.has('101') || col.values.has('102')).toBe(false);
    expect(col.values.get('103')?.text).toBe('ok');
  });
});
