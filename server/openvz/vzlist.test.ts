import { describe, it, expect } from 'vitest';
import { parseVzlist, parseVzlistFieldList, parseVzlistNoHeader } from './vzlist';
import { DEFAULT_VZLIST_FIELDS, fieldForHeader, findVzlistField } from './vzlist-fields';
import { parseError, readSample } from './test-support';

const read = readSample;

const COLLECTOR_FIELDS = [
  'ctid', 'status', 'hostname', 'ostemplate', 'cpuunits', 'cpulimit',
  'diskspace', 'diskspace.s', 'diskspace.h', 'diskinodes', 'diskinodes.s', 'diskinodes.h', 'ip',
];

describe('parseVzlistNoHeader with the collector field list', () => {
  const row = (tail: string, host = 'ct101.example.com') =>
    `       101 running ${host} centos-6-x86_64       1000          0     652348    2097152    2306867      24557     200000     220000 ${tail}`;

  it('reads a running CT with two IPs last', () => {
    const r = parseVzlistNoHeader(`${row('10.0.0.1 10.0.0.2')}\n`, COLLECTOR_FIELDS);
    expect(r.fields).toEqual(COLLECTOR_FIELDS);
    expect(r.warnings).toEqual([]);
    expect(r.containers).toEqual([
      {
        ctid: '101', status: 'running', hostname: 'ct101.example.com', ostemplate: 'centos-6-x86_64',
        cpuunits: 1000, cpulimit: 0,
        diskspace: 652348, 'diskspace.s': 2097152, 'diskspace.h': 2306867,
        diskinodes: 24557, 'diskinodes.s': 200000, 'diskinodes.h': 220000,
        ip: ['10.0.0.1', '10.0.0.2'],
      },
    ]);
  });

  it('reads `-` as no IP, no hostname and no usage', () => {
    const text = [
      row('-', '-'),
      '       102 stopped - centos-6-x86_64       1000         25          -    2097152    2306867          -     200000     220000 10.0.0.3',
      '       103 running ct103 centos-7-x86_64       1000          0     1 9223372036854775807 9223372036854775807 1 2147483647 2147483647 10.0.0.4 2001:db8::4',
      '',
    ].join('\n');
    const [a, b, c] = parseVzlistNoHeader(text, COLLECTOR_FIELDS).containers;
    expect(a).toMatchObject({ hostname: null, ip: [] });
    expect(b).toMatchObject({ ctid: '102', status: 'stopped', hostname: null, cpulimit: 25, diskspace: null, diskinodes: null, ip: ['10.0.0.3'] });
    expect(c).toMatchObject({ 'diskspace.s': null, 'diskspace.h': null, 'diskinodes.h': null, ip: ['10.0.0.4', '2001:db8::4'] });
  });

  it('reads empty output as no CTs', () => {
    expect(parseVzlistNoHeader('', COLLECTOR_FIELDS).containers).toEqual([]);
  });

  it('keeps a "Container(s) not found" stderr line as a warning', () => {
    expect(parseVzlistNoHeader('Container(s) not found\n', COLLECTOR_FIELDS)).toMatchObject({ containers: [], warnings: ['Container(s) not found'] });
  });

  it('rejects rows that do not fit, naming the line', () => {
    const ok = row('10.0.0.1');
    expect(parseError(() => parseVzlistNoHeader(`${ok}\n${ok.replace(' running', '')}\n`, COLLECTOR_FIELDS)).lineNumber).toBe(2);
    expect(parseError(() => parseVzlistNoHeader(`${ok}\n${ok.replace('652348', '65x348')}\n`, COLLECTOR_FIELDS)).lineNumber).toBe(2);
    expect(parseError(() => parseVzlistNoHeader(`${ok.replace('10.0.0.1', 'not-an-ip')}\n`, COLLECTOR_FIELDS)).lineNumber).toBe(1);
    expect(parseError(() => parseVzlistNoHeader(`${ok}\r\n`, COLLECTOR_FIELDS)).lineNumber).toBe(1);
    expect(parseError(() => parseVzlistNoHeader(`${ok.slice(0, 60)}\n`, COLLECTOR_FIELDS)).reason).toMatch(/missing value/);
  });

  it('refuses an unknown field name before reading anything', () => {
    expect(() => parseVzlistNoHeader('', ['ctid', 'bogus'])).toThrow(/unknown vzlist field/);
  });
});

describe('parseVzlistNoHeader on captured samples', () => {
  it('reads default `vzlist -H` with the hostname padded by trailing spaces', () => {
    const r = parseVzlistNoHeader(read('vzlist_-H__vzctl3.0.x_hostname_padded_trailing_spaces__vztools_sampleroot.txt'), [...DEFAULT_VZLIST_FIELDS]);
    expect(r.containers).toHaveLength(9);
    expect(r.containers[0]).toEqual({ ctid: '1', numproc: 54, status: 'running', ip: ['66.228.211.45'], hostname: 'localhost' });
    expect(r.containers[8]).toMatchObject({ ctid: '999', numproc: 9, hostname: 'node8.nagilumve.com' });
  });
  it('reads `vzlist -Hto veid,physpages` (veid reported as ctid)', () => {
    const r = parseVzlistNoHeader(read('vzlist_-Hto_veid,physpages__vzctl4.x__bitstat.txt'), ['veid', 'physpages']);
    expect(r.fields).toEqual(['ctid', 'physpages']);
    expect(r.containers[5]).toEqual({ ctid: '721', physpages: 52436 });
  });
  it('rejects a header line where none is expected', () => {
    expect(parseError(() => parseVzlistNoHeader(read('vzlist_-a__one_stopped_ct__vzctl4.x__amet13.txt'), [...DEFAULT_VZLIST_FIELDS])).lineNumber).toBe(1);
  });
});

describe('parseVzlist on captured samples', () => {
  it('reads running and stopped CTs (stopped: NPROC `-`)', () => {
    const r = parseVzlist(read('vzlist_-a__running_and_stopped__vzctl4.x__amet13.txt'));
    expect(r.fields).toEqual(['ctid', 'numproc', 'status', 'ip', 'hostname']);
    expect(r.containers).toEqual([
      { ctid: '101', numproc: 15, status: 'running', ip: ['192.168.0.101'], hostname: 'stud1' },
      { ctid: '102', numproc: null, status: 'stopped', ip: ['192.168.0.102'], hostname: 'stud2' },
    ]);
  });
  it('reads OpenVZ 7 UUID ids the same before and after the alignment fix', () => {
    const before = parseVzlist(read('vzlist_-a__openvz7_uuid_ids__before_align_fix__commit9ccbdceb.txt'));
    const after = parseVzlist(read('vzlist_-a__openvz7_uuid_ids__after_align_fix__commit9ccbdceb.txt'));
    expect(before).toEqual(after);
    expect(after.containers.map((c) => c.ctid)).toEqual(['1337', '1338', 'a91255a2-a139-a01c-23fa-7d919791d8e9']);
  });
  it('turns stderr lines before the header into warnings', () => {
    const s = parseVzlist(read('vzlist_-S_-octid,cpulimit,cpuunits_101__stopped_ct_no_kernel__stdout+stderr__commit2d70367c.txt'));
    expect(s).toEqual({ fields: ['ctid', 'cpulimit', 'cpuunits'], containers: [{ ctid: '101', cpulimit: 101, cpuunits: 10100 }], warnings: ['Unable to open /proc/vz/veinfo'] });
    const p = parseVzlist(read('vzlist_-a__ploop_lib_missing_rows_not_quoted__stdout+stderr__vzctl4.7__commit3397ce4a.txt'));
    expect(p.warnings).toHaveLength(3);
    expect(p.containers).toEqual([]);
  });
  it('reads a header-only listing (with a trailing space) as no CTs', () => {
    expect(parseVzlist(read('vzlist_-a__no_cts__vzctl4.x__amet13.txt')).containers).toEqual([]);
  });
  it('reads "Container(s) not found" alone as no CTs with a warning', () => {
    expect(parseVzlist('Container(s) not found\n')).toEqual({ fields: [], containers: [], warnings: ['Container(s) not found'] });
  });
  it('reads disk columns: `-` usage for stopped simfs, numbers for ploop after the fix', () => {
    const before = parseVzlist(read('vzlist_-o_ctid,layout,status,diskspace,diskspace.h,diskinodes,diskinodes.h_-a__vzctl3.2dev_before__commit7ab85d9f.txt'));
    const after = parseVzlist(read('vzlist_-o_ctid,layout,status,diskspace,diskspace.h,diskinodes,diskinodes.h_-a__vzctl3.2dev_after__commit7ab85d9f.txt'));
    expect(before.fields).toEqual(['ctid', 'layout', 'status', 'diskspace', 'diskspace.h', 'diskinodes', 'diskinodes.h']);
    expect(before.containers[2]).toEqual({ ctid: '202', layout: 'simfs', status: 'stopped', diskspace: null, 'diskspace.h': 2306867, diskinodes: null, 'diskinodes.h': 220000 });
    expect(before.containers[4]).toMatchObject({ ctid: '301', diskspace: null });
    expect(after.containers[4]).toMatchObject({ ctid: '301', layout: 'ploop', diskspace: 930564, 'diskspace.h': 2268760 });
    expect(after.containers[1]).toMatchObject({ status: 'mounted' });
  });
  it('reads a trimmed features column and physpages.l (10G = 2621440 pages)', () => {
    const t = parseVzlist(read('vzlist_-octid,ip,features,status_-a__trimmed__commit50991e24.txt'));
    expect(t.containers[2]).toEqual({ ctid: '301', ip: ['1.2.3.4'], features: 'sysfs:off,ppp:o', status: 'running' });
    expect(parseVzlist(read('vzlist_101_-o_physpages.l__vswap_after_set_ram10G__commitebc544b3.txt')).containers).toEqual([{ 'physpages.l': 2621440 }]);
  });
  it('reads smart_name and diskspace.h after a ploop resize', () => {
    const r = parseVzlist(read('vzlist_-o_smart_name,diskspace.h__ploop_after_resize__amet13.txt'));
    expect(r.containers[2]).toEqual({ smart_name: '103', 'diskspace.h': 2056788 });
  });
  it('reads the 3.0.23 layout with a hand-edited row', () => {
    expect(parseVzlist(read('vzlist_-a__header_plus_edited_row__vzctl3.0.23__unxsvz.txt')).containers[0]).toEqual({
      ctid: '181', numproc: 48, status: 'running', ip: ['174.34.136.100'], hostname: 'ns1.singtone.com',
    });
  });
});

describe('parseVzlist value kinds', () => {
  it('reads UBC suffixes, load average and uptime', () => {
    const text = [
      '      CTID      NPROC STATUS         PHYSP    PHYSP.L    SWAPP.L     DSPACE   DSPACE.H  CPULIM  CPUUNI  CPUS IOP       LAVERAGE          UPTIME',
      '       101         27 running        48012     262144     131072     652348    2306867       0    1000     2   4 0.05/0.03/0.00 012d03h:25m:07s',
      '       102          - stopped            - 9223372036854775807     131072          -    2306867       0    1000     -   4              -               -',
    ].join('\n');
    const [a, b] = parseVzlist(text).containers;
    expect(a).toEqual({
      ctid: '101', numproc: 27, status: 'running', physpages: 48012, 'physpages.l': 262144, 'swappages.l': 131072,
      diskspace: 652348, 'diskspace.h': 2306867, cpulimit: 0, cpuunits: 1000, cpus: 2, ioprio: 4,
      laverage: [0.05, 0.03, 0], uptime: ((12 * 24 + 3) * 60 + 25) * 60 + 7,
    });
    expect(b).toMatchObject({ physpages: null, 'physpages.l': null, cpus: null, laverage: null, uptime: null });
  });
  it('refuses LONG_MAX in a held column', () => {
    const e = parseError(() => parseVzlist('      CTID      PHYSP\n       101 9223372036854775807\n'));
    expect(e.lineNumber).toBe(2);
  });
});

describe('parseVzlist rejects malformed text, naming the line', () => {
  const base = read('vzlist_-a__running_and_stopped__vzctl4.x__amet13.txt');
  const lines = base.split('\n');
  const withLine = (n: number, s: string) => lines.map((l, i) => (i === n - 1 ? s : l)).join('\n');
  it('empty', () => expect(parseError(() => parseVzlist('')).lineNumber).toBe(0));
  it('no header at all', () => expect(parseError(() => parseVzlist(lines.slice(1).join('\n'))).lineNumber).toBe(1));
  it('a truncated row', () => expect(parseError(() => parseVzlist(withLine(3, '       102          - stopped'))).lineNumber).toBe(3));
  it('a non-numeric value', () => expect(parseError(() => parseVzlist(withLine(2, '       101         1S running   192.168.0.101   stud1'))).lineNumber).toBe(2));
  it('an extra column', () => expect(parseError(() => parseVzlist(withLine(2, '       101         15 running   192.168.0.101   stud1 extra'))).lineNumber).toBe(2));
  it('a blank line among the rows', () => expect(parseError(() => parseVzlist(withLine(2, ''))).lineNumber).toBe(2));
  it('CRLF', () => expect(parseError(() => parseVzlist(base.replace(/\n/g, '\r\n'))).lineNumber).toBe(1));
});

describe('vzlist field catalogue', () => {
  it('maps old and OpenVZ 7 headers back to field names', () => {
    expect(fieldForHeader('CTID')?.name).toBe('ctid');
    expect(fieldForHeader('VEID')?.name).toBe('ctid');
    expect(fieldForHeader('DQBLOCKS')?.name).toBe('diskspace');
    expect(fieldForHeader('DSPACE.H')?.name).toBe('diskspace.h');
    expect(fieldForHeader('IOPRIO')?.name).toBe('ioprio');
    expect(fieldForHeader('PHYSP.L')).toMatchObject({ name: 'physpages.l', kind: 'limit' });
    expect(fieldForHeader('NOPE')).toBeUndefined();
  });

  it('knows every field and header that `vzlist -L` lists', () => {
    const { fields } = parseVzlistFieldList(read('vzlist_-L__vzctl3.0.22_or_older__ployopenvz.txt'));
    expect(fields[0]).toEqual({ name: 'veid', header: 'VEID' });
    expect(fields).toContainEqual({ name: 'diskspace', header: 'DQBLOCKS' });
    for (const f of fields) {
      expect(findVzlistField(f.name), f.name).toBeDefined();
      expect(fieldForHeader(f.header), f.header).toBeDefined();
    }
  });

  it('rejects a malformed -L line', () => {
    expect(parseError(() => parseVzlistFieldList('ctid            CTID\nhostname\n')).lineNumber).toBe(2);
  });
});
