import { describe, expect, it } from 'vitest';
import { buildLimitSet } from './limit-commands';

describe('buildLimitSet: the one limit-change template', () => {
  it('legacy: vzctl set <ct> --<param> <barrier>:<limit> --save', () => {
    expect(buildLimitSet({ generation: 'legacy', ctId: '101', change: { param: 'privvmpages', barrier: 81920, limit: 87040 } })).toBe('vzctl set 101 --privvmpages 81920:87040 --save');
    expect(buildLimitSet({ generation: 'legacy', ctId: '101', change: { param: 'vmguarpages', barrier: 33792, limit: null } })).toBe('vzctl set 101 --vmguarpages 33792:unlimited --save');
    expect(buildLimitSet({ generation: 'legacy', ctId: '101', change: { param: 'cpuunits', value: 1500 } })).toBe('vzctl set 101 --cpuunits 1500 --save');
    expect(buildLimitSet({ generation: 'legacy', ctId: '101', change: { param: 'ram', bytes: 2 ** 30 } })).toBe('vzctl set 101 --ram 1024M --save');
    expect(buildLimitSet({ generation: 'legacy', ctId: '101', change: { param: 'diskspace', soft: 1000, hard: 2000 } })).toBe('vzctl set 101 --diskspace 1000:2000 --save');
  });

  it('OpenVZ 7: prlctl set for CPU and memory, vzctl set for beancounter counters and disk', () => {
    const uuid = '0a1b2c3d-0000-4000-8000-00000000abcd';
    expect(buildLimitSet({ generation: 'vz7', ctId: uuid, change: { param: 'cpulimit', value: 200 } })).toBe(`prlctl set ${uuid} --cpulimit 200`);
    expect(buildLimitSet({ generation: 'vz7', ctId: uuid, change: { param: 'ram', bytes: 2 ** 31 } })).toBe(`prlctl set ${uuid} --memsize 2048`);
    expect(buildLimitSet({ generation: 'vz7', ctId: uuid, change: { param: 'swap', bytes: 2 ** 29 } })).toBe(`prlctl set ${uuid} --swappages 512M`);
    expect(buildLimitSet({ generation: 'vz7', ctId: uuid, change: { param: 'numproc', barrier: 500, limit: 500 } })).toBe(`vzctl set ${uuid} --numproc 500:500 --save`);
  });

  describe('hostile input is refused before anything is built', () => {
    const hostile: unknown[] = [
      { generation: 'legacy', ctId: '101; rm -rf /', change: { param: 'numproc', barrier: 1, limit: 1 } },
      { generation: 'legacy', ctId: '$(id)', change: { param: 'numproc', barrier: 1, limit: 1 } },
      { generation: 'legacy', ctId: '0', change: { param: 'numproc', barrier: 1, limit: 1 } },
      { generation: 'legacy', ctId: '-1', change: { param: 'numproc', barrier: 1, limit: 1 } },
      { generation: 'legacy', ctId: '101', change: { param: 'numproc --save; reboot', barrier: 1, limit: 1 } },
      { generation: 'legacy', ctId: '101', change: { param: 'numproc', barrier: '1; reboot', limit: 1 } },
      { generation: 'legacy', ctId: '101', change: { param: 'numproc', barrier: -1, limit: 1 } },
      { generation: 'legacy', ctId: '101', change: { param: 'numproc', barrier: 1e300, limit: 1 } },
      { generation: 'legacy', ctId: '101', change: { param: 'numproc', barrier: 1.5, limit: 2 } },
      { generation: 'legacy', ctId: '101', change: { param: 'numproc', barrier: Number.NaN, limit: 2 } },
      { generation: 'legacy', ctId: '101', change: { param: 'cpuunits', value: '1000 --force' } },
      { generation: 'legacy', ctId: '101', change: { param: 'cpuunits', value: 1000, extra: '--userpasswd root:x' } },
      { generation: 'legacy', ctId: '101', change: { param: 'userpasswd', value: 1 } },
      { generation: 'bsd', ctId: '101', change: { param: 'cpuunits', value: 1000 } },
      { generation: 'legacy', ctId: '101\n', change: { param: 'cpuunits', value: 1000 } },
    ];
    it.each(hostile.map((h, i) => [i, h]))('case %i', (_i, h) => {
      expect(() => buildLimitSet(h as never)).toThrow();
    });
  });
});
