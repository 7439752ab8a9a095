import { describe, it, expect } from 'vitest';
import { parseProcVzquota, parseVzquota } from './vzquota';
import { parseError, readSample } from './test-support';

const read = readSample;

const SHOW = read('vzquota_show_5005__running_warning__seed_article_2010.txt');
const HEADER = '   resource          usage       softlimit      hardlimit    grace';

describe('parseVzquota', () => {
  it('reads `vzquota show 5005` with the warning printed before it', () => {
    const r = parseVzquota(SHOW);
    expect(r.blocks).toEqual({ usage: 3305824, softlimit: 15048576, hardlimit: 15153024, overLimit: false, grace: { kind: 'none' } });
    expect(r.inodes).toEqual({ usage: 154840, softlimit: 600000, hardlimit: 620000, overLimit: false, grace: { kind: 'none' } });
    expect(r.warnings).toEqual(['(warning) Quota is running, so data reported from quota file may not reflect current values']);
  });

  it('reads the over-limit marker and every grace form', () => {
    const text = (grace: string) =>
      `${HEADER}\n  1k-blocks        2150000*        2097152        2306867 ${grace.padStart(8)}\n     inodes          24557          200000         220000         \n`;
    expect(parseVzquota(text('6days')).blocks).toMatchObject({ usage: 2150000, overLimit: true, grace: { kind: 'left', seconds: 6 * 86400 } });
    expect(parseVzquota(text('none')).blocks.grace).toEqual({ kind: 'expired' });
    expect(parseVzquota(text('12:30')).blocks.grace).toEqual({ kind: 'left', seconds: 45000 });
    expect(parseVzquota(text('')).inodes).toMatchObject({ overLimit: false, grace: { kind: 'none' } });
  });

  it('reads -b batch output', () => {
    const r = parseVzquota('        652348        2097152        2306867              0              0\n         24557         200000         220000     1700000000              0\n');
    expect(r.blocks).toEqual({ usage: 652348, softlimit: 2097152, hardlimit: 2306867, overLimit: false, grace: { kind: 'none' } });
    expect(r.inodes.grace).toEqual({ kind: 'until', epochSeconds: 1700000000 });
  });

  it('reports the tool error when there is no table', () => {
    const e = parseError(() => parseVzquota('vzquota : (error) Quota accounting is off, try vzquota show id\n\n'));
    expect(e.lineNumber).toBe(0);
    expect(e.reason).toContain('Quota accounting is off');
  });

  describe('rejects malformed text, naming the line', () => {
    const lines = SHOW.split('\n');
    const withLine = (n: number, s: string) => lines.map((l, i) => (i === n - 1 ? s : l)).join('\n');
    it('empty', () => expect(parseError(() => parseVzquota('')).lineNumber).toBe(0));
    it('header only', () => expect(parseError(() => parseVzquota(lines.slice(0, 2).join('\n') + '\n')).lineNumber).toBe(2));
    it('truncated (no inodes row)', () => expect(parseError(() => parseVzquota(lines.slice(0, 3).join('\n'))).lineNumber).toBe(3));
    it('a missing column', () => expect(parseError(() => parseVzquota(withLine(4, '     inodes         154840          600000'))).lineNumber).toBe(4));
    it('a non-numeric value', () => expect(parseError(() => parseVzquota(withLine(3, '  1k-blocks        33O5824        15048576       15153024'))).lineNumber).toBe(3));
    it('an unknown grace', () => expect(parseError(() => parseVzquota(withLine(3, '  1k-blocks        3305824        15048576       15153024   soon'))).lineNumber).toBe(3));
    it('rows in the wrong order', () => expect(parseError(() => parseVzquota([lines[0], lines[1], lines[3], lines[2]].join('\n'))).lineNumber).toBe(3));
    it('CRLF', () => expect(parseError(() => parseVzquota(withLine(3, lines[2] + '\r'))).lineNumber).toBe(3));
  });
});

describe('parseProcVzquota', () => {
  const PROC = read('proc_vz_vzquota__excerpt_ct111__legacy_2009__unxsvz.txt');
  it('reads CT 111 (1G:1.1G limits)', () => {
    expect(parseProcVzquota(PROC).quotas).toEqual([
      {
        ctId: '111',
        path: '/vz/private/111',
        blocks: { usage: 876364, softlimit: 1048576, hardlimit: 1153024, time: 0, expire: 0 },
        inodes: { usage: 29792, softlimit: 200000, hardlimit: 220000, time: 0, expire: 0 },
      },
    ]);
  });
  it('reads several quotas and a transition path', () => {
    const text = PROC + '101: -- started --\n  1k-blocks         652348        2097152        2306867          0          0\n     inodes          24557         200000         220000          0          0\n';
    const r = parseProcVzquota(text).quotas;
    expect(r.map((q) => [q.ctId, q.path])).toEqual([['111', '/vz/private/111'], ['101', '-- started --']]);
  });
  it('reads the header alone as no running quota', () => {
    expect(parseProcVzquota(PROC.split('\n')[0] + '\n').quotas).toEqual([]);
  });
  it('rejects malformed text, naming the line', () => {
    const lines = PROC.split('\n');
    expect(parseError(() => parseProcVzquota('')).lineNumber).toBe(0);
    expect(parseError(() => parseProcVzquota(lines.slice(0, 3).join('\n'))).lineNumber).toBe(3);
    expect(parseError(() => parseProcVzquota(PROC.replace('876364', '87636x'))).lineNumber).toBe(3);
    expect(parseError(() => parseProcVzquota(PROC.replace('  1153024          0', '  1153024'))).lineNumber).toBe(3);
    expect(parseError(() => parseProcVzquota(PROC.replace(/\n/g, '\r\n'))).lineNumber).toBe(1);
    expect(parseError(() => parseProcVzquota('garbage\n')).lineNumber).toBe(1);
  });
});
