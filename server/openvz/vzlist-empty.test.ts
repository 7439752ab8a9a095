import { describe, expect, it } from 'vitest';
import { vzlistFoundNoContainers } from './vzlist-empty';

const failed = (n: number) => Array.from({ length: n }, () => ({ exitCode: 1, stdoutBytes: 0 }));

describe('vzlistFoundNoContainers: a vzctl 3.0.x node with no CTs', () => {
  it.each([
    ['Container(s) not found (3.0.23 on)', 'Container(s) not found\n'],
    ['VE not found (3.0.11-3 to 3.0.22)', 'VE not found\n'],
    ['VPS not found (to 3.0.11-2)', 'VPS not found\n'],
    ['the message among a chatty shell’s lines', 'bash: warning: setlocale: LC_ALL: cannot change locale (de_DE.UTF-8)\nContainer(s) not found\n'],
  ])('one call, exit 1, empty stdout and %s is an empty CT list', (_what, stderr) => {
    expect(vzlistFoundNoContainers(failed(1), stderr)).toBe(true);
  });

  it('four calls (the table form) with four messages is an empty list', () => {
    expect(vzlistFoundNoContainers(failed(4), 'Container(s) not found\n'.repeat(4))).toBe(true);
  });

  it.each([
    ['another exit code', [{ exitCode: 2, stdoutBytes: 0 }], 'Container(s) not found\n'],
    ['exit 0 (vzctl 4 says so with exit 0: nothing to accept)', [{ exitCode: 0, stdoutBytes: 0 }], 'Container(s) not found\n'],
    ['something on stdout', [{ exitCode: 1, stdoutBytes: 10 }], 'Container(s) not found\n'],
    ['another message', failed(1), 'Unable to open /etc/vz/conf/101.conf\n'],
    ['the message inside a longer line', failed(1), 'vzlist: Container(s) not found in /vz\n'],
    ['no stderr at all', failed(1), ''],
    ['four failed calls but three messages (one failed otherwise)', failed(4), `${'Container(s) not found\n'.repeat(3)}Unable to open /etc/vz/conf\n`],
    ['one call listed CTs, another said none', [{ exitCode: 0, stdoutBytes: 40 }, { exitCode: 1, stdoutBytes: 0 }], 'Container(s) not found\n'],
    ['no vzlist call at all', [], 'Container(s) not found\n'],
  ])('%s stays an error', (_what, calls, stderr) => {
    expect(vzlistFoundNoContainers(calls, stderr)).toBe(false);
  });
});
