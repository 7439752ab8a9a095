import { describe, it, expect } from 'vitest';
import { parseVzmemcheck } from './vzmemcheck';
import { parseError, readSample } from './test-support';

const read = readSample;

const VA = read('vzmemcheck_-v_-A__vzctl3.0.x__vztools.txt');

describe('parseVzmemcheck on captured samples', () => {
  it('reads the seed summary of ovz07 (LowMem commit 195 %, Alloc commit 191 %, Alloc limit 341 %)', () => {
    expect(parseVzmemcheck(read('vzmemcheck__node_ovz07__seed_article_2010.txt'))).toEqual({
      unit: 'percent',
      containers: [],
      summary: {
        lowmemUtil: 20.66, lowmemCommit: 195.31, ramUtil: 30.89, memswapUtil: 14.34,
        memswapCommit: 126.26, allocUtil: 48.51, allocCommit: 191, allocLimit: 341.16,
      },
      totalsMb: null,
    });
  });

  it('reads the 32 -v rows of ovz07 and its collapsed Summary row', () => {
    const r = parseVzmemcheck(read('vzmemcheck_-v__node_ovz07_32cts__seed_article_2010.txt'));
    expect(r.unit).toBe('percent');
    expect(r.containers).toHaveLength(32);
    expect(r.containers.find((c) => c.ctId === '5005')).toMatchObject({ lowmemUtil: 2.05, ramUtil: 4.49, allocLimit: 16.11 });
    expect(r.summary.lowmemUtil).toBe(20.67);
    // The summary is the sum of the (rounded) rows.
    const sum = r.containers.reduce((s, c) => s + c.allocCommit, 0);
    expect(Math.abs(sum - r.summary.allocCommit)).toBeLessThan(0.1);
  });

  it('reads -v -A in MB with values that push the columns, and the denominators line', () => {
    const r = parseVzmemcheck(VA);
    expect(r.unit).toBe('mbytes');
    expect(r.containers.map((c) => c.ctId)).toEqual(['1', '107', '120', '401', '411', '410', '205', '999', '754']);
    expect(r.containers.find((c) => c.ctId === '410')?.allocLimit).toBe(8388681.02);
    // CT 999 with stock ve-vps.basic limits: LowMem commit 4.25 MB, MemSwap commit 28.25 MB (docs/openvz/FORMULAS.md §2).
    expect(r.containers.find((c) => c.ctId === '999')).toMatchObject({ lowmemCommit: 4.25, memswapCommit: 28.25, allocCommit: 28.25 });
    expect(r.summary.allocLimit).toBe(12303291.47);
    expect(r.totalsMb).toEqual({
      lowmemUtil: 1464, lowmemCommit: 1464, ramUtil: 7981, memswapUtil: 23983,
      memswapCommit: 23983, allocUtil: 23983, allocCommit: 23983, allocLimit: 23983,
    });
  });

  it('reads the summary tails before and after the 3.0.26 alignment fix', () => {
    const before = parseVzmemcheck(read('vzmemcheck_-vA__summary_tail__vzctl3.0.25_before_fix__commit383e2756.txt'));
    const after = parseVzmemcheck(read('vzmemcheck_-vA__summary_tail__vzctl3.0.26_after_fix__commit383e2756.txt'));
    expect(before.unit).toBe('mbytes');
    expect(before.summary.allocUtil).toBe(256.47);
    expect(after.summary.allocUtil).toBe(256.46);
    expect(after.totalsMb).toEqual(before.totalsMb);
    expect(after.totalsMb?.ramUtil).toBe(3004);
  });

  it('reads the current CTID header layout', () => {
    const text = [
      'Output values in %',
      'CTID        LowMem  LowMem     RAM MemSwap MemSwap   Alloc   Alloc   Alloc',
      '              util  commit    util    util  commit    util  commit   limit',
      '1             0.27    8.69    1.94    0.49    7.19    1.59    2.05   56.54',
      '101           0.19    1.93    1.23    0.34    1.38    0.42    1.38    4.94',
      '-'.repeat(74),
      'Summary:      0.46   10.62    3.17    0.83    8.57    2.02    3.43   61.48',
      '',
    ].join('\n');
    const r = parseVzmemcheck(text);
    expect(r.containers.map((c) => c.ctId)).toEqual(['1', '101']);
    expect(r.summary.allocLimit).toBe(61.48);
  });

  it('reads the 2009 capture whose first header line names the four column groups, with TABs', () => {
    const r = parseVzmemcheck(read('vzmemcheck_-v__vzctl3.0.x_2009_group_header_tabs__unxsvz.txt'));
    expect(r.unit).toBe('percent');
    expect(r.containers.map((c) => c.ctId)).toEqual(['321', '291']);
    expect(r.containers[0]).toMatchObject({ lowmemCommit: 1.74, memswapCommit: 2.41, allocLimit: 6.48 });
    expect(r.summary).toMatchObject({ lowmemUtil: 0.09, lowmemCommit: 3.46, allocLimit: 12.96 });
  });

  it('reads the group header without -v (synthetic: the 2009 header with the id column left out)', () => {
    const text = [
      'Output values in %',
      '        LowMem          RAM     MemSwap         Alloc',
      '        util  commit    util    util  commit    util  commit   limit',
      '        0.09    3.46    0.15    0.05    4.83    0.07    4.83   12.96',
      '',
    ].join('\n');
    expect(parseVzmemcheck(text).summary.allocCommit).toBe(4.83);
  });
});

describe('parseVzmemcheck rejects malformed text, naming the line', () => {
  const lines = VA.split('\n');
  const withLine = (n: number, s: string) => lines.map((l, i) => (i === n - 1 ? s : l)).join('\n');
  it('empty', () => expect(parseError(() => parseVzmemcheck('')).lineNumber).toBe(0));
  it('header only', () => expect(parseError(() => parseVzmemcheck(lines.slice(0, 3).join('\n') + '\n')).lineNumber).toBe(3));
  it('unit line only', () => expect(parseError(() => parseVzmemcheck('Output values in %\n')).lineNumber).toBe(1));
  it('a truncated row', () => expect(parseError(() => parseVzmemcheck(withLine(5, '107           2.97   36.51  130.14'))).lineNumber).toBe(5));
  it('a missing column', () => {
    expect(parseError(() => parseVzmemcheck(withLine(6, '120           1.59   18.26   18.67   18.67  120.26  112.84  150.26'))).lineNumber).toBe(6);
  });
  it('a non-numeric value', () => {
    const e = parseError(() => parseVzmemcheck(withLine(4, '1             5.36   24.71  121.84  n/a  415.34  171.94   48.71 1151.11')));
    expect(e.lineNumber).toBe(4);
    expect(e.reason).toMatch(/memswapUtil/);
  });
  it('no summary after the dashes', () => expect(parseError(() => parseVzmemcheck(lines.slice(0, 13).join('\n'))).lineNumber).toBe(13));
  it('a summary without its label', () => expect(parseError(() => parseVzmemcheck(withLine(14, lines[13]!.replace('Summary:', '        ')))).lineNumber).toBe(14));
  it('a totals line in percent mode', () => {
    const text = read('vzmemcheck__node_ovz07__seed_article_2010.txt') + '1.00 1.00 1.00 1.00 1.00 1.00 1.00 1.00\n';
    expect(parseError(() => parseVzmemcheck(text)).lineNumber).toBe(5);
  });
  it('CRLF', () => expect(parseError(() => parseVzmemcheck(withLine(2, lines[1] + '\r'))).lineNumber).toBe(2));
  it('an unknown header variant (column groups in another order)', () => {
    const e = parseError(() => parseVzmemcheck(withLine(2, 'veid  RAM  LowMem  MemSwap  Alloc')));
    expect(e.lineNumber).toBe(2);
    expect(e.line).toBe('veid  RAM  LowMem  MemSwap  Alloc');
  });
});
