import { describe, it, expect } from 'vitest';
import { computeCpuBusyFraction, parseVestat } from './vestat';
import { parseError, readSample } from './test-support';

const read = readSample;

const V64 = read('proc_vz_vestat__node_3cts__64bit_2.6.32__bitstat.txt');
const V32 = read('proc_vz_vestat__node__32bit_2.6.18__vztools.txt');

describe('parseVestat', () => {
  it('reads the 64-bit layout: uptime in jiffies and in ns', () => {
    const r = parseVestat(V64);
    expect(r.version).toBe('2.2');
    expect(r.containers.map((c) => c.ctId)).toEqual(['721', '719', '717']);
    expect(r.containers[0]).toMatchObject({ user: 66017, nice: 17, system: 139850, uptimeJiffies: 104123408, uptimeClock: '104123409048607', used: '271334829526' });
  });

  it('keeps 32-bit cycle counters beyond 2^53 exact, as strings', () => {
    const r = parseVestat(V32);
    expect(r.containers).toHaveLength(9);
    const ct999 = r.containers.find((c) => c.ctId === '999')!;
    expect(ct999.idle).toBe('159099322150190268');
    expect(ct999.uptimeJiffies).toBe(19951782016);
  });

  it("computes CT 721's lifetime busy fraction (about 0.26 % of one CPU)", () => {
    const ct = parseVestat(V64).containers[0]!;
    const f = computeCpuBusyFraction({ used: '0', uptimeClock: '0' }, ct)!;
    expect(f * 100).toBeCloseTo(0.26, 2);
    expect(computeCpuBusyFraction(ct, ct)).toBeNull();
    expect(computeCpuBusyFraction({ used: '159099322150190268', uptimeClock: '39797739783981853' }, { used: '159099322150190368', uptimeClock: '39797739783982853' })).toBe(0.1);
  });

  it('rejects malformed text, naming the line', () => {
    const lines = V64.split('\n');
    const withLine = (n: number, s: string) => lines.map((l, i) => (i === n - 1 ? s : l)).join('\n');
    expect(parseError(() => parseVestat('')).lineNumber).toBe(0);
    expect(parseError(() => parseVestat('Version: 2.2\n')).lineNumber).toBe(1);
    expect(parseError(() => parseVestat(withLine(1, 'Version 2.2'))).lineNumber).toBe(1);
    expect(parseError(() => parseVestat(withLine(4, lines[3]!.replace(/\s+0\s*$/, '')))).lineNumber).toBe(4);
    expect(parseError(() => parseVestat(withLine(3, lines[2]!.replace('66017', '66O17')))).lineNumber).toBe(3);
    expect(parseError(() => parseVestat(withLine(5, lines[4]! + '\r'))).lineNumber).toBe(5);
  });
});
