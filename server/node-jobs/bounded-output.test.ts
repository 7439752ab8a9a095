import { describe, expect, it } from 'vitest';
import { BoundedText, LineSplitter, LiveLineBudget } from './bounded-output';

describe('BoundedText', () => {
  it('keeps short text whole', () => {
    const t = new BoundedText(10, 10);
    t.append('abc');
    t.append('def\n');
    expect(t.toString()).toBe('abcdef\n');
  });

  it('keeps the head and the tail of long text with a marker saying how much was left out', () => {
    const t = new BoundedText(5, 4);
    for (const piece of ['01234', '56789', 'abcdefghij', 'WXYZ']) t.append(piece);
    expect(t.total).toBe(24);
    expect(t.toString()).toBe('01234\n[vzfleet] 15 characters of output left out here\nWXYZ');
  });

  it('stays bounded whatever is appended', () => {
    const t = new BoundedText(100, 100);
    for (let i = 0; i < 10_000; i++) t.append('y'.repeat(1000));
    expect(t.toString().length).toBeLessThan(300);
    expect(t.total).toBe(10_000_000);
  });
});

describe('LineSplitter', () => {
  it('splits lines across chunks as they arrive', () => {
    const s = new LineSplitter(100);
    expect(s.push('Starting live migration of CT 101\nSyncing')).toEqual(['Starting live migration of CT 101']);
    expect(s.push(' private\n\nDone')).toEqual(['Syncing private', '']);
    expect(s.flush()).toEqual(['Done']);
  });

  it('cuts a line longer than the cap, marks it, and skips its rest up to the newline', () => {
    const s = new LineSplitter(8);
    expect(s.push('aaaa')).toEqual([]);
    expect(s.push('bbbbcccc')).toEqual(['aaaabbbb [vzfleet: line cut at 8 characters]']);
    expect(s.push('x'.repeat(100_000))).toEqual([]);
    expect(s.push('zz\nnext\n')).toEqual(['next']);
    expect(s.push('y'.repeat(50))).toEqual(['yyyyyyyy [vzfleet: line cut at 8 characters]']);
    expect(s.flush()).toEqual([]);
  });

  it('a line of exactly the cap is kept as it is', () => {
    expect(new LineSplitter(4).push('abcd\n')).toEqual(['abcd']);
  });
});

describe('LiveLineBudget', () => {
  it('passes lines until the line budget is spent, then one marker and nothing more', () => {
    const b = new LiveLineBudget({ eventChars: 1000, eventLines: 3 });
    expect(b.take(['a', 'b'])).toEqual(['a', 'b']);
    expect(b.take(['c', 'd', 'e'])).toEqual(['c', expect.stringContaining('more than 3 lines')]);
    expect(b.take(['f'])).toEqual([]);
  });

  it('counts characters with their newlines', () => {
    const b = new LiveLineBudget({ eventChars: 10, eventLines: 100 });
    expect(b.take(['1234', '5678'])).toEqual(['1234', '5678']);
    expect(b.take(['x'])).toEqual([expect.stringContaining('10 characters')]);
  });
});
