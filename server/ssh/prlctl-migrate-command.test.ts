import { describe, it, expect } from 'vitest';
import { buildPrlctlMigrate, buildSshReachCheck } from './prlctl-migrate-command';

const UUID = '0f9a1c2e-1234-4abc-8def-0123456789ab';

describe('prlctl migrate template', () => {
  it('builds the command for a CT id or UUID, with --ssh only for a port other than 22', () => {
    expect(buildPrlctlMigrate({ targetHost: '10.0.0.2', targetPort: 22, ctId: '101' })).toBe('prlctl migrate 101 10.0.0.2 --verbose 1');
    expect(buildPrlctlMigrate({ targetHost: 'hn2.example.com', targetPort: 2222, ctId: UUID })).toBe(`prlctl migrate ${UUID} hn2.example.com --ssh="-p 2222" --verbose 1`);
  });

  it('builds the ssh reach check prlctl depends on', () => {
    expect(buildSshReachCheck({ targetHost: 'hn2', targetPort: 22 })).toBe('ssh -T -o BatchMode=yes -o ConnectTimeout=10 hn2 true');
    expect(buildSshReachCheck({ targetHost: '127.0.0.1', targetPort: 40022 })).toBe('ssh -T -o BatchMode=yes -o ConnectTimeout=10 -p 40022 127.0.0.1 true');
  });

  it.each(['101; rm -rf /', '-1', '1e9', '0', '', ' 101', '$(reboot)', '`id`', '--help', '-o ProxyCommand=sh', '101\n', 'web1', '１０１'])(
    'rejects the hostile CT %j before anything is built',
    (ct) => {
      expect(() => buildPrlctlMigrate({ targetHost: 'hn2', targetPort: 22, ctId: ct })).toThrow();
    },
  );

  it.each([
    'hn2; reboot',
    '-oProxyCommand=sh',
    'root@hn2',
    'root:secret@hn2',
    'hn2:64000',
    '::1',
    'hn2/other-name',
    '$(id)',
    'hn 2',
    '',
    'a'.repeat(254),
  ])('rejects the hostile target %j (shell, option, credentials, dispatcher port, rename) before anything is built', (host) => {
    expect(() => buildPrlctlMigrate({ targetHost: host, targetPort: 22, ctId: '101' })).toThrow();
    expect(() => buildSshReachCheck({ targetHost: host, targetPort: 22 })).toThrow();
  });

  it.each([0, -1, 65536, 22.5, Number.NaN])('rejects the port %p', (port) => {
    expect(() => buildPrlctlMigrate({ targetHost: 'hn2', targetPort: port, ctId: '101' })).toThrow();
    expect(() => buildSshReachCheck({ targetHost: 'hn2', targetPort: port })).toThrow();
  });
});
