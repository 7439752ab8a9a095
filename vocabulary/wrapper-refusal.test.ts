import { describe, expect, it } from 'vitest';
import { parseWrapperRefusals, wrapperRefusalsText } from './wrapper-refusal';

describe('wrapper refusals as the poll state stores them', () => {
  it('round-trips in a fixed order, whatever order they were found in', () => {
    expect(wrapperRefusalsText(['squeezed-scripts', 'collect-loop'])).toBe('collect-loop squeezed-scripts');
    expect(parseWrapperRefusals('collect-loop squeezed-scripts')).toEqual(['collect-loop', 'squeezed-scripts']);
    expect(wrapperRefusalsText([])).toBe('');
  });

  it('reads nothing into an empty column or words it does not know', () => {
    expect(parseWrapperRefusals(null)).toEqual([]);
    expect(parseWrapperRefusals('')).toEqual([]);
    expect(parseWrapperRefusals('collect-loop future-thing')).toEqual(['collect-loop']);
  });
});
