import { describe, expect, it } from 'vitest';
import { OpenvzParseError } from '../openvz/errors';
import { MAX_LINE_BYTES, NOISE_MAX_LINES, splitCollectOutput, textChunks } from './split-sections';

const T = '3c'.repeat(16);
const M = `@@vzfleet:${T}`;

describe('splitCollectOutput', () => {
  it('splits sections with their exit codes and keeps each tool text and bytes verbatim', () => {
    const out = `${M} begin beancounters\nVersion: 2.5\n  x  \n${M} end beancounters 0\n${M} begin vzlist\n${M} end vzlist 1\n`;
    const { sections: s, noise } = splitCollectOutput(out, T);
    expect(s.beancounters).toEqual({ text: 'Version: 2.5\n  x  \n', bytes: Buffer.from('Version: 2.5\n  x  \n'), exitCode: 0, firstLine: 2 });
    expect(s.vzlist).toEqual({ text: '', bytes: Buffer.alloc(0), exitCode: 1, firstLine: 6 });
    expect(s.meminfo).toBeUndefined();
    expect(noise).toEqual([]);
  });

  it('keeps invalid UTF-8 as raw bytes and shows it as U+FFFD in the text', () => {
    const body = Buffer.from([0x31, 0x30, 0x31, 0x20, 0xe2, 0xe1, 0xf3, 0x0a]); // KOI8-R bytes
    const out = Buffer.concat([Buffer.from(`${M} begin vzlist\n`), body, Buffer.from(`${M} end vzlist 0\n`)]);
    const s = splitCollectOutput(out, T).sections.vzlist!;
    expect(s.bytes.equals(body)).toBe(true);
    expect(s.text).toBe('101 \uFFFD\uFFFD\uFFFD\n');
  });

  it('ignores a chatty shell before, between and after the sections and reports it once per line', () => {
    const out = [
      'Welcome to hn1!', 'Welcome to hn1!', `${M} begin beancounters`, 'Version: 2.5', `${M} end beancounters 0`,
      'bash: warning: setlocale: LC_ALL: cannot change locale (xx_XX.UTF-8)', `${M} begin meminfo`, 'MemTotal: 1 kB', `${M} end meminfo 0`, 'logout', '',
    ].join('\n');
    const { sections, noise } = splitCollectOutput(out, T);
    expect(sections.beancounters!.text).toBe('Version: 2.5\n');
    expect(sections.meminfo!.text).toBe('MemTotal: 1 kB\n');
    expect(noise).toEqual(['Welcome to hn1!', 'bash: warning: setlocale: LC_ALL: cannot change locale (xx_XX.UTF-8)', 'logout']);
  });

  it('treats markers without this poll’s token as text: a CT cannot forge or close a section', () => {
    const forged = ['@@vzfleet begin vzlist', `@@vzfleet:${'0'.repeat(32)} end vzlist 0`, `@@vzfleet:${'0'.repeat(32)} begin meminfo`];
    const out = [`${M} begin vzlist`, '101 running', ...forged, `${M} end vzlist 0`, ...forged, ''].join('\n');
    const { sections, noise } = splitCollectOutput(out, T);
    expect(sections.vzlist!.text).toBe(['101 running', ...forged, ''].join('\n'));
    expect(Object.keys(sections)).toEqual(['vzlist']);
    expect(noise).toEqual(forged);
  });

  it('bounds the noise however much the shell prints, and shows control bytes as U+FFFD', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `motd line ${i} ${'x'.repeat(1000)}`);
    const { noise } = splitCollectOutput(`\u0000\u001b[31mred\n${lines.join('\n')}\n${M} begin vzlist\n${M} end vzlist 0\n`, T);
    expect(noise).toHaveLength(NOISE_MAX_LINES);
    expect(noise[0]).toBe('\uFFFD\uFFFD[31mred');
    expect(Math.max(...noise.map((l) => l.length))).toBeLessThanOrEqual(300);
  });

  it('finds a marker that follows text without a newline: a last line without one, a profile’s printf', () => {
    const out = `Welcome (no newline)${M} begin vzlist\n101 running\n102 stopped${M} end vzlist 0\n`;
    const { sections, noise } = splitCollectOutput(out, T);
    expect(sections.vzlist).toMatchObject({ text: '101 running\n102 stopped', exitCode: 0, firstLine: 2 });
    expect(noise).toEqual(['Welcome (no newline)']);
  });

  it('rejects output cut off inside a section', () => {
    expect(() => splitCollectOutput(`${M} begin beancounters\nVersion: 2.5\n`, T)).toThrow(/cut off/);
  });

  it('names the line of an overlong line inside a section, and only ignores one outside', () => {
    const long = 'y'.repeat(MAX_LINE_BYTES + 1);
    try {
      splitCollectOutput(`${M} begin vzlist\n101 running\n${long}\n${M} end vzlist 0\n`, T);
      expect.fail('should throw');
    } catch (err) {
      expect(err).toBeInstanceOf(OpenvzParseError);
      expect((err as OpenvzParseError).lineNumber).toBe(3);
      expect((err as OpenvzParseError).message).toMatch(/line longer than 64 KiB/);
      expect((err as OpenvzParseError).line.length).toBeLessThan(400);
    }
    expect(splitCollectOutput(`${long}\n${M} begin vzlist\n${M} end vzlist 0\n`, T).sections.vzlist!.exitCode).toBe(0);
  });

  it('rejects markers out of order and unknown sections, when they carry the token', () => {
    expect(() => splitCollectOutput(`${M} end vzlist 0\n`, T)).toThrow(/out of order/);
    expect(() => splitCollectOutput(`${M} begin passwd\n`, T)).toThrow(/unknown section/);
    expect(() => splitCollectOutput(`${M} begin vzlist\n${M} end vzlist x\n`, T)).toThrow(/out of order/);
    expect(() => splitCollectOutput(`${M} begin vzlist\n${M} begin meminfo\n`, T)).toThrow(/out of order/);
    try {
      splitCollectOutput(`${M} begin vzlist\n${M} end vzlist 0 extra\n`, T);
      expect.fail('should throw');
    } catch (err) {
      expect((err as OpenvzParseError).lineNumber).toBe(2);
    }
  });
});

describe('textChunks', () => {
  it('cuts after newlines into pieces under 64 KiB that join to the decoded text', () => {
    const line = '      101:  kmemsize                  2752591    3289654  14372700  14790164          0\n';
    const bytes = Buffer.from(`${line.repeat(2000)}last line without newline`);
    const chunks = textChunks(bytes);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.join('')).toBe(bytes.toString('utf8'));
    for (const c of chunks.slice(0, -1)) {
      expect(c.length).toBeLessThanOrEqual(64 * 1024);
      expect(c.endsWith('\n')).toBe(true);
    }
  });

  it('keeps a line longer than a piece whole, decodes UTF-8, and gives one piece for short or empty text', () => {
    const long = `${'x'.repeat(70_000)}\nпробел ✓\n`;
    expect(textChunks(Buffer.from(long))).toEqual([`${'x'.repeat(70_000)}\n`, 'пробел ✓\n']);
    expect(textChunks(Buffer.from('a\nb'))).toEqual(['a\nb']);
    expect(textChunks(Buffer.alloc(0))).toEqual(['']);
  });
});
