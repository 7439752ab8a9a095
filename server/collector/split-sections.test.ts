import { describe, expect, it } from 'vitest';
import { OpenvzParseError } from '../openvz/errors';
import { splitCollectOutput } from './split-sections';

const M = '@@vzfleet';

describe('splitCollectOutput', () => {
  it('splits sections with their exit codes and keeps each tool text verbatim', () => {
    const out = `${M} begin beancounters\nVersion: 2.5\n  x  \n${M} end beancounters 0\n${M} begin vzlist\n${M} end vzlist 1\n`;
    const s = splitCollectOutput(out);
    expect(s.beancounters).toEqual({ text: 'Version: 2.5\n  x  \n', exitCode: 0, firstLine: 2 });
    expect(s.vzlist).toEqual({ text: '', exitCode: 1, firstLine: 6 });
    expect(s.meminfo).toBeUndefined();
  });

  it('rejects output cut off inside a section', () => {
    expect(() => splitCollectOutput(`${M} begin beancounters\nVersion: 2.5\n`)).toThrow(/cut off/);
  });

  it('names the line of text outside any section', () => {
    try {
      splitCollectOutput(`garbage\n${M} begin vzlist\n${M} end vzlist 0\n`);
      expect.fail('should throw');
    } catch (err) {
      expect(err).toBeInstanceOf(OpenvzParseError);
      expect((err as OpenvzParseError).lineNumber).toBe(1);
      expect((err as OpenvzParseError).line).toBe('garbage');
    }
  });

  it('rejects markers out of order and unknown sections', () => {
    expect(() => splitCollectOutput(`${M} end vzlist 0\n`)).toThrow(/out of order/);
    expect(() => splitCollectOutput(`${M} begin passwd\n`)).toThrow(/unknown section/);
    expect(() => splitCollectOutput(`${M} begin vzlist\n${M} end vzlist x\n`)).toThrow(/out of order/);
  });
});
