import { describe, expect, it } from 'vitest';
import { SECTION_MARK } from '../ssh/commands';
import { decideCtActionOutcome } from './outcome';
import { allowedCtActions, canCheckpoint, parseCtProbe } from './probe';

const base = { ctId: '101', lastLine: null };

describe('decideCtActionOutcome: the status read back decides, not the exit code', () => {
  it('succeeds when the CT is where the action wanted it', () => {
    expect(decideCtActionOutcome({ ...base, action: 'stop', code: 0, after: 'stopped' })).toMatchObject({ status: 'succeeded', error: null, warnings: [] });
    expect(decideCtActionOutcome({ ...base, action: 'suspend', code: 0, after: 'suspended' }).status).toBe('succeeded');
    expect(decideCtActionOutcome({ ...base, action: 'restart', code: 0, after: 'running' }).verified).toMatch(/CT 101 is running/);
  });

  it('a success code with the CT elsewhere is a failure (vzctl 4.x exits 0 from a stop it did not do)', () => {
    expect(decideCtActionOutcome({ ...base, action: 'start', code: 0, after: 'stopped' })).toMatchObject({ status: 'failed', error: expect.stringMatching(/reported success but the CT is stopped/) });
  });

  it('a failure code names the tool\'s last line; a lost session with the right state is a success with a warning', () => {
    expect(decideCtActionOutcome({ ...base, action: 'start', code: 32, after: 'running', lastLine: 'Container is already running' })).toMatchObject({ status: 'succeeded-with-warnings' });
    expect(decideCtActionOutcome({ ...base, action: 'resume', code: 17, after: 'stopped', lastLine: 'Unable to open /vz/dump/Dump.101' })).toMatchObject({ status: 'failed', error: 'exit 17: Unable to open /vz/dump/Dump.101' });
    expect(decideCtActionOutcome({ ...base, action: 'stop', code: null, after: 'stopped' }).status).toBe('succeeded-with-warnings');
  });

  it('an unreadable status is not decided', () => {
    expect(decideCtActionOutcome({ ...base, action: 'stop', code: 0, after: null }).status).toBe('reconciling');
  });
});

describe('the CT probe', () => {
  const T = 'cd'.repeat(16);
  const m = `${SECTION_MARK}:${T}`;
  const probe = (kernel: string, status: string, modules: string, statusCode = 0) =>
    `${m} begin kernel\n${kernel}\n${m} end kernel 0\n${m} begin status\n${status}\n${m} end status ${statusCode}\n${m} begin modules\n${modules}\n${m} end modules 0\n`;

  it('reads generation, status and checkpointing', () => {
    const legacy = parseCtProbe(probe('2.6.32-042stab134.8', 'CTID 101 exist mounted running', 'vzrst 1 0 - Live 0x0\nvzcpt 1 0 - Live 0x0'), T);
    expect(legacy).toEqual({ kernel: '2.6.32-042stab134.8', generation: 'legacy', status: 'running', statusError: null, cptLoaded: true });
    expect(canCheckpoint(legacy)).toBe(true);
    const noCpt = parseCtProbe(probe('2.6.32-042stab134.8', 'CTID 101 exist unmounted down suspended', 'vzmon 1 0 - Live 0x0'), T);
    expect(noCpt.status).toBe('suspended');
    expect(canCheckpoint(noCpt)).toBe(false);
    const vz7 = parseCtProbe(probe('3.10.0-1160.80.1.vz7.191.4', 'VEID 205 exist unmounted down', ''), T);
    expect(vz7).toMatchObject({ generation: 'vz7', status: 'stopped' });
    expect(canCheckpoint(vz7)).toBe(true);
  });

  it('a status it cannot read is said, not guessed', () => {
    expect(parseCtProbe(probe('2.6.32-042stab134.8', 'garbage', ''), T)).toMatchObject({ status: null, statusError: expect.stringMatching(/vzctl status/) });
    expect(parseCtProbe(probe('2.6.32-042stab134.8', '', '', 3), T)).toMatchObject({ status: null, statusError: 'vzctl status exited with 3' });
  });

  it('offers only what the status allows; suspend and resume only with checkpointing', () => {
    expect(allowedCtActions('running', true)).toEqual(['stop', 'restart', 'suspend']);
    expect(allowedCtActions('running', false)).toEqual(['stop', 'restart']);
    expect(allowedCtActions('stopped', true)).toEqual(['start']);
    expect(allowedCtActions('suspended', true)).toEqual(['resume']);
    expect(allowedCtActions('suspended', false)).toEqual([]);
    expect(allowedCtActions('deleted', true)).toEqual([]);
    expect(allowedCtActions(null, true)).toEqual([]);
  });
});
