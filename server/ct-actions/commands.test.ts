import { describe, expect, it } from 'vitest';
import { CT_ACTIONS } from '../../vocabulary/ct-action';
import { SECTION_MARK } from '../ssh/commands';
import { buildCtAction, buildCtProbe, buildVzps } from './commands';

const UUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const T = 'ab'.repeat(16);

describe('CT action templates', () => {
  it('legacy nodes get vzctl, with chkpnt/restore for suspend/resume (vzctl 3.x knows no other names)', () => {
    expect(CT_ACTIONS.map((action) => buildCtAction({ generation: 'legacy', ctId: '101', action }))).toEqual([
      'vzctl start 101',
      'vzctl stop 101',
      'vzctl restart 101',
      'vzctl chkpnt 101',
      'vzctl restore 101',
    ]);
    expect(buildCtAction({ generation: 'legacy', ctId: '101', action: 'stop', fast: true })).toBe('vzctl stop 101 --fast');
  });

  it('OpenVZ 7 nodes get prlctl, by CT id or UUID; --fast kills on stop', () => {
    expect(CT_ACTIONS.map((action) => buildCtAction({ generation: 'vz7', ctId: UUID, action }))).toEqual(CT_ACTIONS.map((a) => `prlctl ${a} ${UUID}`));
    expect(buildCtAction({ generation: 'vz7', ctId: '205', action: 'stop', fast: true })).toBe('prlctl stop 205 --fast');
  });

  it('--fast belongs to stop only', () => {
    for (const action of CT_ACTIONS.filter((a) => a !== 'stop')) {
      expect(() => buildCtAction({ generation: 'legacy', ctId: '101', action, fast: true }), action).toThrow(/stop only/);
    }
  });

  it('the probe reads kernel, status and modules in marked sections; vzps asks for comm last', () => {
    const m = `${SECTION_MARK}:${T}`;
    expect(buildCtProbe('101', T)).toBe(
      `echo '${m} begin kernel'; uname -r; echo "${m} end kernel $?"; ` +
        `echo '${m} begin status'; vzctl status 101; echo "${m} end status $?"; ` +
        `echo '${m} begin modules'; cat /proc/modules; echo "${m} end modules $?"`,
    );
    expect(buildVzps('101')).toBe('vzps -E 101 -o pid,uid,rss,vsz,pcpu,time,comm');
    expect(buildVzps(UUID)).toBe(`vzps -E ${UUID} -o pid,uid,rss,vsz,pcpu,time,comm`);
  });
});

describe('CT action templates refuse hostile parts before building anything', () => {
  const HOSTILE_CT_IDS = ['101; rm -rf /', '$(id)', '`id`', '101 --fast', '-1', '0', '1e9', '0101', '101\n', ' 101', '12345678901', '--help', '../101', UUID.toUpperCase(), `${UUID}; id`, '', 'ünï'];
  it.each(HOSTILE_CT_IDS)('CT id %j', (ctId) => {
    expect(() => buildCtAction({ generation: 'legacy', ctId, action: 'start' })).toThrow();
    expect(() => buildCtAction({ generation: 'vz7', ctId, action: 'stop', fast: true })).toThrow();
    expect(() => buildCtProbe(ctId, T)).toThrow();
    expect(() => buildVzps(ctId)).toThrow();
  });

  it('actions, generations and options come from closed lists', () => {
    for (const action of ['destroy', 'exec', 'start; id', 'START', '', 'set']) {
      expect(() => buildCtAction({ generation: 'legacy', ctId: '101', action } as never), action).toThrow();
    }
    for (const generation of ['vz6', 'legacy; id', '', 'VZ7']) {
      expect(() => buildCtAction({ generation, ctId: '101', action: 'start' } as never), generation).toThrow();
    }
    for (const fast of ['yes', 1, '--fast', null]) {
      expect(() => buildCtAction({ generation: 'legacy', ctId: '101', action: 'stop', fast } as never), String(fast)).toThrow();
    }
    // Extra parts are not silently dropped into a command: the params object is closed.
    expect(() => buildCtAction({ generation: 'legacy', ctId: '101', action: 'stop', extra: '; id' } as never)).toThrow();
  });

  it('the probe takes only a 32-hex token', () => {
    for (const token of ['', 'AB'.repeat(16), "x'; id; echo '", 'g'.repeat(32)]) expect(() => buildCtProbe('101', token)).toThrow(/section token/);
  });
});
