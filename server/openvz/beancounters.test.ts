import { describe, it, expect } from 'vitest';
import { findBeancounter, isUnlimited, pagesToMiB, parseBeancounters, resourceUnit } from './beancounters';
import { parseError, readSample } from './test-support';

const read = readSample;

const CT5005 = read('proc_user_beancounters__inside_ct5005__seed_article_2010_spacing_collapsed.txt');
const CT43120 = read('proc_user_beancounters__inside_ct43120_vswap_failcnt__64bit_2.6.32__gam0022.txt');
const CT209 = read('proc_user_beancounters__inside_ct209_failcnt__64bit__loadout.txt');

function only(text: string) {
  const { blocks } = parseBeancounters(text);
  expect(blocks).toHaveLength(1);
  return blocks[0]!;
}

describe('parseBeancounters on captured samples', () => {
  it('reads the seed article CT 5005 although the blog collapsed its spacing', () => {
    const r = parseBeancounters(CT5005);
    expect(r.version).toBe('2.5');
    const block = only(CT5005);
    expect(block.ctId).toBe('5005');
    expect(block.beancounters).toHaveLength(20); // 24 rows minus 4 dummy
    expect(findBeancounter(block, 'privvmpages')).toEqual({
      resource: 'privvmpages', held: 49608, maxheld: 65562, barrier: 243200, limit: 262144, failcnt: 0,
    });
    expect(findBeancounter(block, 'kmemsize')?.held).toBe(7430824);
    // 2147483647 is the 32-bit "unlimited" seen on a 64-bit kernel.
    expect(findBeancounter(block, 'physpages')).toMatchObject({ barrier: 0, limit: null });
    expect(findBeancounter(block, 'oomguarpages')).toMatchObject({ barrier: 26112, limit: null });
    expect(block.beancounters.some((b) => b.resource === 'dummy')).toBe(false);
  });

  it('keeps the non-zero failcnt rows of CT 43120 (VSwap)', () => {
    const block = only(CT43120);
    const failing = block.beancounters.filter((b) => b.failcnt > 0).map((b) => [b.resource, b.failcnt]);
    expect(failing).toEqual([['numpty', 2], ['tcpsndbuf', 127242887], ['numothersock', 68]]);
    expect(findBeancounter(block, 'physpages')).toMatchObject({ held: 263585, barrier: 0, limit: 524288 });
    expect(pagesToMiB(findBeancounter(block, 'physpages')!.limit!)).toBe(2048);
  });

  it('reads CT 209 with free-form guarantee values and failcnt 524', () => {
    const block = only(CT209);
    expect(findBeancounter(block, 'numothersock')).toMatchObject({ held: 178, maxheld: 185, failcnt: 524 });
    expect(findBeancounter(block, 'vmguarpages')).toMatchObject({ barrier: 206158430208, limit: 206158430208 });
    expect(findBeancounter(block, 'oomguarpages')).toMatchObject({ barrier: null, limit: 164926744166 });
  });

  it('reads every block of /proc/bc/resources, swappages included', () => {
    const r = parseBeancounters(read('proc_bc_resources__node_5cts_vswap__64bit_2.6.32__bitstat.txt'));
    expect(r.blocks.map((b) => b.ctId)).toEqual(['1043', '1041', '1039', '1037', '1035']);
    expect(r.blocks).toHaveLength(5);
    for (const b of r.blocks) expect(b.beancounters).toHaveLength(21);
    expect(findBeancounter(r.blocks[0]!, 'swappages')).toMatchObject({ held: 0, barrier: 0, limit: 262144 });
    expect(findBeancounter(r.blocks[1]!, 'physpages')).toMatchObject({ held: 32883, limit: 8388608 });
  });

  it('reads the CT0 block of a node with LONG_MAX everywhere as unlimited', () => {
    const block = only(read('proc_user_beancounters__node_ct0_block__64bit__scout.txt'));
    expect(block.ctId).toBe('0');
    expect(block.beancounters.every((b) => b.barrier === null && b.limit === null)).toBe(true);
    expect(findBeancounter(block, 'numproc')).toMatchObject({ held: 152, maxheld: 290 });
  });
});

describe('parseBeancounters on other layouts', () => {
  const L = '9223372036854775807';
  it('reads the OpenVZ 7 `101: kmemsize` prefix and UUID ids', () => {
    const text = [
      'Version: 2.5',
      '       uid  resource                     held              maxheld              barrier                limit              failcnt',
      `       101: kmemsize                  5787331              8654848  ${L}  ${L}                    0`,
      `            lockedpages                     0                    0  ${L}  ${L}                    0`,
      `a91255a2-a139-a01c-23fa-7d919791d8e9: physpages 6857 13886 0 262144 3`,
      '',
    ].join('\n');
    const r = parseBeancounters(text);
    expect(r.blocks.map((b) => [b.ctId, b.beancounters.length])).toEqual([['101', 2], ['a91255a2-a139-a01c-23fa-7d919791d8e9', 1]]);
    expect(r.blocks[1]!.beancounters[0]).toEqual({ resource: 'physpages', held: 6857, maxheld: 13886, barrier: 0, limit: 262144, failcnt: 3 });
  });

  it('reads the Virtuozzo 8 emulation with its 36-wide uid column', () => {
    const text = [
      'Version: 2.5',
      `${'uid'.padStart(36)}  resource                     held              maxheld              barrier                limit              failcnt`,
      `${'101'.padStart(36)}: kmemsize                  5787331              8654848  ${L}  ${L}                    0`,
      `${''.padStart(36)}  lockedpages                     0                    0  ${L}  ${L}                    0`,
    ].join('\n');
    expect(only(text).beancounters.map((b) => b.resource)).toEqual(['kmemsize', 'lockedpages']);
  });

  it('reads the 32-bit layout', () => {
    const text = 'Version: 2.5\n       uid  resource           held    maxheld    barrier      limit    failcnt\n      101:  kmemsize         713297    1526814    2752512    2936012          0\n';
    expect(only(text).beancounters[0]).toMatchObject({ held: 713297, barrier: 2752512, limit: 2936012 });
  });

  it('reads /proc/bc/<id>/resources (no header, no id) when told the id', () => {
    const text = `            kmemsize                  5787331              8654848  ${L}  ${L}                    0\n            swappages                       0                  112               131072               131072                    0\n`;
    const r = parseBeancounters(text, { ctId: '101' });
    expect(r.version).toBeNull();
    expect(r.blocks[0]!.ctId).toBe('101');
    expect(findBeancounter(r.blocks[0]!, 'swappages')?.maxheld).toBe(112);
    expect(parseError(() => parseBeancounters(text)).lineNumber).toBe(1);
  });
});

describe('parseBeancounters rejects malformed text, naming the line', () => {
  const lines = CT5005.split('\n');
  const withLine = (n: number, replacement: string) => lines.map((l, i) => (i === n - 1 ? replacement : l)).join('\n');

  it('empty text', () => {
    const e = parseError(() => parseBeancounters(''));
    expect(e.lineNumber).toBe(0);
    expect(e.tool).toBe('user_beancounters');
  });
  it('header only', () => {
    expect(parseError(() => parseBeancounters(lines.slice(0, 2).join('\n') + '\n')).lineNumber).toBe(2);
  });
  it('Version line without the column header', () => {
    expect(parseError(() => parseBeancounters('Version: 2.5\n 5005:  kmemsize 1 2 3 4 0\n')).lineNumber).toBe(2);
  });
  it('a truncated last row', () => {
    const text = CT5005.slice(0, CT5005.lastIndexOf('128') - 1);
    const e = parseError(() => parseBeancounters(text));
    expect(e.lineNumber).toBe(26);
    expect(e.line).toContain('numiptent');
  });
  it('a missing column', () => {
    expect(parseError(() => parseBeancounters(withLine(5, '        privvmpages  49608      65562   243200       0'))).lineNumber).toBe(5);
  });
  it('a non-numeric value', () => {
    const e = parseError(() => parseBeancounters(withLine(8, '        numproc         45         9x      240        240       0')));
    expect(e.lineNumber).toBe(8);
    expect(e.reason).toMatch(/maxheld/);
  });
  it('a missing resource name', () => {
    expect(parseError(() => parseBeancounters(withLine(4, '        0          0      256        256       0'))).lineNumber).toBe(4);
  });
  it('CRLF line endings', () => {
    const e = parseError(() => parseBeancounters(CT5005.replace(/\n/g, '\r\n')));
    expect(e.lineNumber).toBe(1);
    expect(parseError(() => parseBeancounters(withLine(7, lines[6] + '\r'))).lineNumber).toBe(7);
  });
  it('an unsafe integer outside the barrier/limit columns, or one that is not LONG_MAX/INT_MAX', () => {
    expect(parseError(() => parseBeancounters(withLine(3, ' 5005:  kmemsize   9223372036854775807   1 2 3 0'))).lineNumber).toBe(3);
    expect(parseError(() => parseBeancounters(withLine(3, ' 5005:  kmemsize   1   1 9007199254740993 3 0'))).reason).toMatch(/larger/);
  });
  it('a blank line among the rows', () => {
    expect(parseError(() => parseBeancounters(withLine(10, ''))).lineNumber).toBe(10);
  });
});

describe('beancounter helpers', () => {
  it('knows each resource unit', () => {
    expect(resourceUnit('privvmpages')).toBe('pages');
    expect(resourceUnit('kmemsize')).toBe('bytes');
    expect(resourceUnit('tcpsndbuf')).toBe('bytes');
    expect(resourceUnit('numproc')).toBe('count');
  });
  it('spells unlimited as null', () => {
    expect(isUnlimited(null)).toBe(true);
    expect(isUnlimited(0)).toBe(false);
    expect(pagesToMiB(262144)).toBe(1024);
  });
});

describe('the one-pass row reader agrees with the careful path', () => {
  it('reads long, unlimited and zero-padded values as the careful path does', () => {
    const text = [
      'Version: 2.5',
      'uid resource held maxheld barrier limit failcnt',
      '101: kmemsize 123456789012 2147483647 2147483647 9223372036854775807 0',
      '\tnumproc\t5 7 02147483647 0009223372036854775807 3',
      '   privvmpages 000000001 9 10 11 12   ',
    ].join('\n');
    expect(parseBeancounters(text).blocks).toEqual([
      {
        ctId: '101',
        beancounters: [
          { resource: 'kmemsize', held: 123456789012, maxheld: 2147483647, barrier: null, limit: null, failcnt: 0 },
          { resource: 'numproc', held: 5, maxheld: 7, barrier: null, limit: null, failcnt: 3 },
          { resource: 'privvmpages', held: 1, maxheld: 9, barrier: 10, limit: 11, failcnt: 12 },
        ],
      },
    ]);
  });

  it('leaves odd rows to the careful path and its errors', () => {
    const head = 'uid resource held maxheld barrier limit failcnt\n101: kmemsize 1 2 3 4 5\n';
    expect(() => parseBeancounters(head + ' numproc 1 2 3 4\n')).toThrow(/expected 5 numbers/);
    expect(() => parseBeancounters(head + ' numproc 1 2 3 4 x\n')).toThrow(/failcnt/);
    expect(() => parseBeancounters(head + ' numproc 1 2 3 4 99999999999999999999\n')).toThrow(/larger than a JS number/);
  });
});

describe('parseBeancounters on text in pieces (how the collector reads a large section)', () => {
  it('gives the same blocks and the same error line numbers as the whole text, wherever the cuts fall', () => {
    const whole = readSample('proc_user_beancounters__node_ct0_block__64bit__scout.txt');
    const lines = whole.split(/(?<=\n)/);
    const n = lines.length;
    expect(n).toBeGreaterThan(10);
    for (const cuts of [[1], [2, 5], [3, 4, n - 3], [n - 1]]) {
      const pieces: string[] = [];
      let from = 0;
      for (const c of [...cuts, lines.length]) {
        pieces.push(lines.slice(from, c).join(''));
        from = c;
      }
      expect(pieces.join('')).toBe(whole);
      expect(parseBeancounters(pieces)).toEqual(parseBeancounters(whole));
    }
    const broken = whole.replace(/kmemsize(\s+)\d+/, 'kmemsize$1x1');
    const at = parseError(() => parseBeancounters(broken)).lineNumber;
    expect(parseError(() => parseBeancounters(broken.split(/(?<=\n)/))).lineNumber).toBe(at);
  });
});
