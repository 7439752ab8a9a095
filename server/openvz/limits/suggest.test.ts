import { describe, expect, it } from 'vitest';
import type { Beancounter } from '../beancounters';
import { roundUpForPeople, suggestLimitRaises } from './suggest';

const bc = (resource: string, held: number, barrier: number | null, limit: number | null): Beancounter => ({ resource, held, maxheld: held, barrier, limit, failcnt: 0 });

describe('suggestLimitRaises', () => {
  it('privvmpages refused at its barrier: 25 % above the barrier, rounded to MiB, limit keeps its ratio', () => {
    const rows = [bc('privvmpages', 65000, 65536, 69632), bc('numproc', 20, 240, 240)];
    const [s, ...rest] = suggestLimitRaises(rows, { privvmpages: { maxheld: 65536, refusals: 37 } }, { vswap: false });
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ resource: 'privvmpages', refusals: 37, wallBefore: 65536, wallAfter: 81920 });
    expect(s!.change).toEqual({ param: 'privvmpages', barrier: 81920, limit: 87040 });
    expect(s!.why).toBe('refused 37 times; peak 100 % of its barrier');
  });

  it('no refusals: a peak at 95 % of the barrier counts, 94 % does not', () => {
    expect(suggestLimitRaises([bc('numproc', 10, 200, 200)], { numproc: { maxheld: 190, refusals: 0 } }, { vswap: false })).toHaveLength(1);
    expect(suggestLimitRaises([bc('numproc', 10, 200, 200)], { numproc: { maxheld: 188, refusals: 0 } }, { vswap: false })).toHaveLength(0);
  });

  it('barrier = limit counters stay equal; a count is rounded to tens', () => {
    const [s] = suggestLimitRaises([bc('numproc', 240, 240, 240)], { numproc: { maxheld: 240, refusals: 3 } }, { vswap: false });
    expect(s!.change).toEqual({ param: 'numproc', barrier: 300, limit: 300 });
  });

  it('VSwap RAM (physpages 0:limit) becomes a --ram change in bytes', () => {
    const [s] = suggestLimitRaises([bc('physpages', 262144, 0, 262144)], { physpages: { maxheld: 262144, refusals: 5 } }, { vswap: true });
    expect(s!.change).toEqual({ param: 'ram', bytes: 327680 * 4096 });
  });

  it('guarantees and unlimited rows are never suggested; the most refused comes first', () => {
    const rows = [bc('oomguarpages', 99999, 1000, null), bc('kmemsize', 1, null, null), bc('numfile', 900, 1000, 1000), bc('numproc', 240, 240, 240)];
    const out = suggestLimitRaises(rows, { oomguarpages: { maxheld: 99999, refusals: 9 }, numfile: { maxheld: 1000, refusals: 1 }, numproc: { maxheld: 240, refusals: 4 } }, { vswap: false });
    expect(out.map((s) => s.resource)).toEqual(['numproc', 'numfile']);
  });

  it('rounds to units people type', () => {
    expect(roundUpForPeople('privvmpages', 1)).toBe(256);
    expect(roundUpForPeople('kmemsize', 2 ** 20 + 1)).toBe(2 ** 21);
    expect(roundUpForPeople('tcpsndbuf', 1)).toBe(65536);
    expect(roundUpForPeople('numproc', 1001)).toBe(1100);
  });
});
