import { describe, it, expect } from 'vitest';
import { parseVzcpucheck } from './vzcpucheck';
import { parseError, readSample } from './test-support';

const read = readSample;

describe('parseVzcpucheck on captured samples', () => {
  it('reads the seed node ovz07 summary: 193130 of 280025', () => {
    expect(parseVzcpucheck(read('vzcpucheck__node_ovz07__seed_article_2010.txt'))).toEqual({
      containers: null, currentUtilization: 193130, nodePower: 280025, overcommitted: false,
    });
  });

  it('reads the 33 -v rows of ovz07, whose cpuunits add up to the utilization', () => {
    const r = parseVzcpucheck(read('vzcpucheck_-v__node_ovz07_33rows__seed_article_2010.txt'));
    expect(r.containers).toHaveLength(33);
    expect(r.containers![0]).toEqual({ ctId: '0', cpuunits: 1000 });
    expect(r.containers!.find((c) => c.ctId === '5005')?.cpuunits).toBe(15151);
    expect(r.containers!.reduce((s, c) => s + c.cpuunits, 0)).toBe(r.currentUtilization);
  });

  it('reads the old lowercase `veid units` header with TABs (CT0 20833 units)', () => {
    const r = parseVzcpucheck(read('vzcpucheck_-v__old_header__vztools.txt'));
    expect(r.containers![0]).toEqual({ ctId: '0', cpuunits: 20833 });
    expect(r).toMatchObject({ currentUtilization: 34833, nodePower: 402887 });
    expect(r.containers!.reduce((s, c) => s + c.cpuunits, 0)).toBe(34833);
  });

  it('reads VEID/CPUUNITS with TABs and with TABs expanded', () => {
    expect(parseVzcpucheck(read('vzcpucheck_-v__vzctl3.0.17plus__nova_openvz_driver_fixture.txt'))).toMatchObject({
      containers: [{ ctId: '0', cpuunits: 1000 }, { ctId: '26', cpuunits: 25000 }, { ctId: '27', cpuunits: 25000 }],
      currentUtilization: 51000,
      nodePower: 758432,
    });
    expect(parseVzcpucheck(read('vzcpucheck_-v__vzctl3.0.x_2009_tabs_expanded__unxsvz.txt')).nodePower).toBe(184838);
  });

  it('reads the 2005 decimal power; cpuunits 1500 raised utilization by 1501', () => {
    const before = parseVzcpucheck(read('vzcpucheck__openvz_users_guide_2005_before.txt'));
    const after = parseVzcpucheck(read('vzcpucheck__openvz_users_guide_2005_after_cpuunits1500.txt'));
    expect(before.nodePower).toBe(73072.5);
    expect(after.currentUtilization - before.currentUtilization).toBe(1501);
  });
});

describe('parseVzcpucheck overcommit warning', () => {
  it.each([['overcommitted'], ['overcommited']])('accepts the spelling "%s"', (word) => {
    const text = `VEID\t\tCPUUNITS\n-------------------------\n0\t\t1000\n101\t\t500000\nCurrent CPU utilization: 501000\nPower of the node: 402887\nWarning: hardware node is ${word}\n`;
    expect(parseVzcpucheck(text).overcommitted).toBe(true);
  });
});

describe('parseVzcpucheck rejects malformed text, naming the line', () => {
  const V = read('vzcpucheck_-v__vzctl3.0.17plus__nova_openvz_driver_fixture.txt');
  it('empty', () => expect(parseError(() => parseVzcpucheck('')).lineNumber).toBe(0));
  it('header only', () => expect(parseError(() => parseVzcpucheck('VEID\t\tCPUUNITS\n-------------------------\n')).lineNumber).toBe(2));
  it('header without the dashes', () => expect(parseError(() => parseVzcpucheck('VEID\t\tCPUUNITS\n')).lineNumber).toBe(1));
  it('truncated before the power line', () => {
    expect(parseError(() => parseVzcpucheck(V.split('\n').slice(0, 6).join('\n'))).lineNumber).toBe(6);
  });
  it('a row missing its units', () => expect(parseError(() => parseVzcpucheck(V.replace('26\t\t25000', '26'))).lineNumber).toBe(4));
  it('a non-numeric value', () => {
    expect(parseError(() => parseVzcpucheck(V.replace('758432', '75x432'))).lineNumber).toBe(7);
    expect(parseError(() => parseVzcpucheck(V.replace('26\t\t25000', '26\t\t25k'))).lineNumber).toBe(4);
  });
  it('rows without the -v header', () => expect(parseError(() => parseVzcpucheck('0 1000\nCurrent CPU utilization: 1000\n')).lineNumber).toBe(1));
  it('garbage after the summary', () => expect(parseError(() => parseVzcpucheck(V + 'oops\n')).lineNumber).toBe(8));
  it('CRLF', () => expect(parseError(() => parseVzcpucheck(V.replace(/\n/g, '\r\n'))).lineNumber).toBe(1));
});
