import { describe, expect, it } from 'vitest';
import { intArrayLiteral, textArrayLiteral } from './sql-rows';

describe('array literals for raw queries', () => {
  it('writes integer arrays as they are, from plain and typed arrays', () => {
    expect(intArrayLiteral([1, 22, -3])).toBe('{1,22,-3}');
    expect(intArrayLiteral(Uint32Array.from([4, 5]))).toBe('{4,5}');
    expect(intArrayLiteral([])).toBe('{}');
  });

  it('refuses a value that is not an integer instead of rounding it one way or another', () => {
    for (const bad of [1.5, NaN, Infinity, 2 ** 53]) expect(() => intArrayLiteral([1, bad]), String(bad)).toThrow(RangeError);
  });

  it('quotes every text element and escapes quotes and backslashes', () => {
    expect(textArrayLiteral(['101', 'a"b', 'c\\d', ''])).toBe('{"101","a\\"b","c\\\\d",""}');
  });
});
