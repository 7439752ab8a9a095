import { describe, expect, it } from 'vitest';
import { parseVzmigrateLog } from '../openvz/vzmigrate-log';
import { buildMigrationProbe, buildVzmigrate } from '../ssh/commands';
import { decideOutcome, type OutcomeInput } from './outcome';

const on = (...ids: [string, string][]) => ({ cts: new Map(ids) });
const base: OutcomeInput = { ctId: '101', sourceName: 'a', targetName: 'b', online: true, code: 0, cancelled: false, log: null, source: on(), target: on(['101', 'running']), wasRunning: true };

describe('how a migration ended, from where the CT really is', () => {
  it('exit 0 and the CT on the target: succeeded with the freeze time', () => {
    const log = parseVzmigrateLog('Locked CT 101\nStarting live migration of CT 101 to b\n\n  Total suspended time:   1.25\n\nCleaning up\n');
    expect(decideOutcome({ ...base, log })).toMatchObject({ status: 'succeeded', freezeSeconds: 1.25, warnings: [] });
  });
  it('exit 0 but the CT still on the source: failed, not assumed succeeded', () => {
    expect(decideOutcome({ ...base, source: on(['101', 'running']), target: on() })).toMatchObject({ status: 'failed', error: 'vzmigrate reported success but the CT is still on the source' });
  });
  it('a failure names every error line and says where the CT is; a stopped CT on the source is a warning', () => {
    const log = parseVzmigrateLog("Locked CT 101\nError: vzrst module is not loaded on the destination node\nError: Can't continue live migration\n");
    const o = decideOutcome({ ...base, code: 14, log, source: on(['101', 'stopped']), target: on() });
    expect(o).toMatchObject({ status: 'failed', error: "vzrst module is not loaded on the destination node — Can't continue live migration", verified: 'CT 101 is still on a, stopped (verified with vzlist)' });
    expect(o.warnings).toEqual(['CT is stopped on a, not running: needs attention']);
  });
  it('a refusal (exit 9) with a CT of that id already on the target is failed, not left undecided', () => {
    const log = parseVzmigrateLog('Locked CT 101\nError: CT #101 already exists on destination node\n');
    expect(decideOutcome({ ...base, code: 9, log, source: on(['101', 'running']), target: on(['101', 'running']) })).toMatchObject({ status: 'failed', error: 'CT #101 already exists on destination node' });
  });
  it('cancelled: on the source → cancelled; already on the target → succeeded with a warning', () => {
    expect(decideOutcome({ ...base, code: null, cancelled: true, source: on(['101', 'running']), target: on() }).status).toBe('cancelled');
    expect(decideOutcome({ ...base, code: null, cancelled: true })).toMatchObject({ status: 'succeeded-with-warnings', warnings: ['the cancel came too late: the migration had completed'] });
  });
  it('undecidable — a node silent, the CT on both or neither, or an orphaned run holding the lock — stays reconciling', () => {
    expect(decideOutcome({ ...base, target: null }).status).toBe('reconciling');
    expect(decideOutcome({ ...base, source: on(['101', 'running']) }).status).toBe('reconciling');
    expect(decideOutcome({ ...base, target: on() }).status).toBe('reconciling');
    expect(decideOutcome({ ...base, code: null, source: on(['101', 'running']), target: on(), lockedOnSource: true }).status).toBe('reconciling');
  });
});

describe('migration command templates', () => {
  it('builds vzmigrate from validated parts only', () => {
    expect(buildVzmigrate({ targetHost: '10.0.0.2', targetPort: 22, ctId: '101', online: true })).toBe('vzmigrate --online -v -t 10.0.0.2 101');
    expect(buildVzmigrate({ targetHost: 'hn2.example.com', targetPort: 2222, ctId: '101', online: false, checkOnly: true })).toBe('vzmigrate -v -t --check-only --ssh="-p 2222" hn2.example.com 101');
    expect(buildMigrationProbe('0f'.repeat(16))).toContain(`echo '@@vzfleet:${'0f'.repeat(16)} begin df'; df -P -k /vz;`);
    expect(() => buildMigrationProbe("x'; reboot; echo '")).toThrow();
  });
  it('rejects hostile input before anything is built', () => {
    const ok = { targetHost: 'hn2', targetPort: 22, ctId: '101', online: true };
    for (const ctId of ['101; rm -rf /', '-1', '1e9', '']) expect(() => buildVzmigrate({ ...ok, ctId })).toThrow();
    for (const targetHost of ['hn2; reboot', '-oProxyCommand=x', 'a b', '$(id)']) expect(() => buildVzmigrate({ ...ok, targetHost })).toThrow();
    for (const targetPort of [0, 70000, 22.5]) expect(() => buildVzmigrate({ ...ok, targetPort })).toThrow();
  });
});
