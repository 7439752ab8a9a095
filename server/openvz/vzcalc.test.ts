import { describe, it, expect } from 'vitest';
import { parseVzcalc } from './vzcalc';
import { parseError, readSample } from './test-support';

const CALC = readSample('vzcalc_-v__vzctl3.0.x__vztools.txt');

describe('parseVzcalc', () => {
  it('reads resource names with spaces, n/a cells and the Memory line (largest of each column)', () => {
    const r = parseVzcalc(CALC);
    expect(r.rows.map((x) => x.resource)).toEqual(['Low Mem', 'Total RAM', 'Mem + Swap', 'Alloc. Mem', 'Num. Proc']);
    expect(r.rows[1]).toEqual({ resource: 'Total RAM', current: 6.01, promised: null, max: null });
    expect(r.memory).toEqual({ resource: 'Memory', current: 6.01, promised: 4.99, max: 16287.52 });
    expect(Math.max(...r.rows.slice(0, 4).map((x) => x.current ?? 0))).toBe(r.memory.current);
  });
  it('rejects malformed text, naming the line', () => {
    const lines = CALC.split('\n');
    expect(parseError(() => parseVzcalc('')).lineNumber).toBe(0);
    expect(parseError(() => parseVzcalc(lines.slice(0, 1).join('\n'))).lineNumber).toBe(1);
    expect(parseError(() => parseVzcalc(lines.slice(0, 6).join('\n'))).lineNumber).toBe(6);
    expect(parseError(() => parseVzcalc(CALC.replace('0.75       4.99', '0.75'))).lineNumber).toBe(2);
    expect(parseError(() => parseVzcalc(CALC.replace('3.80', '3,80'))).lineNumber).toBe(5);
    expect(parseError(() => parseVzcalc(CALC.replace(/\n/g, '\r\n'))).lineNumber).toBe(1);
  });
});
