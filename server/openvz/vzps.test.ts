import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OpenvzParseError } from './errors';
import { SAMPLES_DIR } from './test-support';
import { parseVzps, topProcesses } from './vzps';

const SAMPLE = 'vzps_-E_101_-o_pid,uid,rss,vsz,pcpu,time,comm__legacy_reconstructed.txt';
const text = () => fs.readFileSync(path.join(SAMPLES_DIR, SAMPLE), 'utf8');
const HEAD = '  PID   UID   RSS    VSZ %CPU     TIME COMMAND\n';

function expectParseError(t: string, lineNumber: number, reason: RegExp): void {
  try {
    parseVzps(t);
  } catch (err) {
    expect(err).toBeInstanceOf(OpenvzParseError);
    expect((err as OpenvzParseError).lineNumber).toBe(lineNumber);
    expect((err as Error).message).toMatch(reason);
    return;
  }
  throw new Error('expected a parse error');
}

describe('parseVzps', () => {
  it('reads the sample: CTID column, hand-checked figures, days in TIME, a name with a space', () => {
    const r = parseVzps(text());
    expect(r.ctId).toBe('101');
    expect(r.processes).toHaveLength(12);
    expect(r.processes[5]).toEqual({ pid: 4902, uid: 27, rssKb: 912344, vszKb: 1842020, cpuPercent: 12.7, cpuTimeSec: ((1 * 24 + 3) * 60 + 12) * 60 + 44, command: 'mysqld' });
    expect(r.processes[10]!.command).toBe('nginx: worker');
    expect(r.processes[1]).toMatchObject({ pid: 4712, rssKb: 0, command: 'kthreadd/101' });
  });

  it('ranks by memory and by CPU', () => {
    const r = parseVzps(text());
    expect(topProcesses(r, 'memory', 3).map((p) => p.command)).toEqual(['mysqld', 'php-fpm', 'php-fpm']);
    expect(topProcesses(r, 'cpu', 2).map((p) => p.command)).toEqual(['./xmrig', 'mysqld']);
    expect(topProcesses(r, 'cpu', 100)).toHaveLength(12);
  });

  it('reads the form without the CTID column, and a header alone (a CT with no process)', () => {
    expect(parseVzps(`${HEAD}    1     0   808  19232  0.0 00:00:05 init\n`)).toEqual({ ctId: null, processes: [{ pid: 1, uid: 0, rssKb: 808, vszKb: 19232, cpuPercent: 0, cpuTimeSec: 5, command: 'init' }] });
    expect(parseVzps(HEAD)).toEqual({ ctId: null, processes: [] });
  });

  it('keeps the customer\'s process name as text, bounded, whatever it holds', () => {
    const evil = '<script>alert(1)</script>'.repeat(10);
    const r = parseVzps(`${HEAD}    1     0   808  19232  0.0 00:00:05 ${evil}\n`);
    expect(r.processes[0]!.command.length).toBeLessThanOrEqual(65);
    expect(r.processes[0]!.command.startsWith('<script>')).toBe(true);
  });

  it('refuses malformed text, naming the line', () => {
    expectParseError('', 0, /empty/);
    expectParseError('  PID COMMAND\n', 1, /header/);
    expectParseError(`${HEAD}    1     0   808\n`, 2, /columns/);
    expectParseError(`${HEAD}    1     0   x8  19232  0.0 00:00:05 init\n`, 2, /RSS/);
    expectParseError(`${HEAD}    1     0   808  19232  abc 00:00:05 init\n`, 2, /%CPU/);
    expectParseError(`${HEAD}    1     0   808  19232  0.0 00:61:05 init\n`, 2, /TIME/);
    expectParseError(`${HEAD}    1     0   808  19232  0.0 5s init\n`, 2, /TIME/);
    expectParseError(`${HEAD.replace('\n', '\r\n')}`, 1, /carriage return/);
    expectParseError(`CTID${HEAD} 101     1     0   808  19232  0.0 00:00:05 init\n 102     2     0   808  19232  0.0 00:00:05 init\n`, 3, /another CT/);
    expectParseError(`${HEAD}    1     0 99999999999999999999  19232  0.0 00:00:05 init\n`, 2, /RSS/);
  });
});
