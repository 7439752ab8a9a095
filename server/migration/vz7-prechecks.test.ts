import { describe, expect, it } from 'vitest';
import { parsePrlctlMigrateLog } from '../openvz/prlctl-migrate-log';
import { migrationToolFor, probeGeneration } from './migration-tool';
import { decideOutcome } from './outcome';
import type { Precheck } from './prechecks';
import { applyVz7Prechecks, type Vz7PrecheckFacts } from './vz7-prechecks';

const shared: Precheck[] = [
  { id: 'ssh-to-target', label: 'Source can SSH to the target', ok: false, reason: 'not checked: a node did not answer' },
  { id: 'disk', label: 'Enough disk on the target', ok: true, reason: 'plenty' },
  { id: 'cpt-modules', label: 'Checkpoint/restore modules', ok: false, reason: 'vzcpt/vzrst not loaded on a' },
  { id: 'ct-state', label: 'Container running', ok: true, reason: 'running' },
];
const facts: Vz7PrecheckFacts = { ctId: '101', online: true, sourceName: 'a', targetName: 'b', targetGeneration: 'vz7', reach: { code: 0, error: null }, ctStatus: 'running' };
const byId = (checks: Precheck[]) => Object.fromEntries(checks.map((c) => [c.id, c]));

describe('OpenVZ 7 pre-checks', () => {
  it('replace the vzmigrate-specific checks and keep the rest as they are', () => {
    const c = byId(applyVz7Prechecks(shared, facts));
    expect(c['ssh-to-target']).toMatchObject({ ok: true });
    expect(c['cpt-modules']).toMatchObject({ ok: true, label: 'OpenVZ 7 migration (prlctl, CRIU)' });
    expect(c.disk).toEqual(shared[1]);
    expect(c['ct-state']).toEqual(shared[3]);
  });

  it('ssh refused: the pre-check fails with ssh\'s own reason; not run: says so', () => {
    expect(byId(applyVz7Prechecks(shared, { ...facts, reach: { code: 255, error: 'Permission denied (publickey).' } }))['ssh-to-target']).toMatchObject({ ok: false, reason: 'Permission denied (publickey).' });
    expect(byId(applyVz7Prechecks(shared, { ...facts, reach: { code: 255, error: null } }))['ssh-to-target']).toMatchObject({ ok: false, reason: 'ssh exited with 255' });
    expect(byId(applyVz7Prechecks(shared, { ...facts, reach: null }))['ssh-to-target']).toMatchObject({ ok: false, reason: 'not checked: a node did not answer' });
  });

  it('a legacy (or silent) target cannot take a prlctl migration', () => {
    expect(byId(applyVz7Prechecks(shared, { ...facts, targetGeneration: 'legacy' }))['cpt-modules']).toMatchObject({ ok: false, reason: 'b runs legacy OpenVZ: prlctl cannot migrate there (no prl-disp-service)' });
    expect(byId(applyVz7Prechecks(shared, { ...facts, targetGeneration: null }))['cpt-modules']?.ok).toBe(false);
  });

  it('offline is refused for a running CT (prlctl has no stop-and-start mode), allowed for a stopped one', () => {
    expect(byId(applyVz7Prechecks(shared, { ...facts, online: false }))['ct-state']).toMatchObject({ ok: false, reason: expect.stringContaining('no offline mode') });
    expect(byId(applyVz7Prechecks(shared, { ...facts, online: false, ctStatus: 'stopped' }))['ct-state']).toEqual(shared[3]);
  });
});

describe('the migration tool of a generation', () => {
  it('reads the generation from the probe: a vz7 kernel or UUID CT ids; null when the node did not answer', () => {
    expect(probeGeneration({ kernel: '3.10.0-1160.80.1.vz7.191.4', cts: new Map() })).toBe('vz7');
    expect(probeGeneration({ kernel: null, cts: new Map([['0f9a1c2e-1234-4abc-8def-0123456789ab', 'running']]) })).toBe('vz7');
    expect(probeGeneration({ kernel: '2.6.32-042stab134.8', cts: new Map([['101', 'running']]) })).toBe('legacy');
    expect(probeGeneration(null)).toBeNull();
  });

  it('legacy (or unknown) runs vzmigrate, OpenVZ 7 runs prlctl migrate', () => {
    const p = { targetHost: 'hn2', targetPort: 22, ctId: '101', online: true };
    expect(migrationToolFor('legacy').command(p)).toBe('vzmigrate --online -v -t hn2 101');
    expect(migrationToolFor(null).command(p)).toBe('vzmigrate --online -v -t hn2 101');
    expect(migrationToolFor('vz7').command(p)).toBe('prlctl migrate 101 hn2 --verbose 1');
    expect(() => migrationToolFor('vz7').command({ ...p, ctId: '101; reboot' })).toThrow();
    expect(() => migrationToolFor('vz7').command({ ...p, targetHost: 'root:pw@hn2' })).toThrow();
  });

  it('an OpenVZ 7 success has no freeze time and no warning for it; failures name prlctl migrate', () => {
    const tool = migrationToolFor('vz7');
    const base = { ctId: '101', sourceName: 'a', targetName: 'b', online: true, cancelled: false, wasRunning: true, tool };
    const log = parsePrlctlMigrateLog('Migrate the CT 101 on b  ()\n\nThe CT has been successfully migrated.\n');
    expect(decideOutcome({ ...base, code: 0, log, source: { cts: new Map() }, target: { cts: new Map([['101', 'running']]) } })).toMatchObject({ status: 'succeeded', freezeSeconds: null, warnings: [] });
    expect(decideOutcome({ ...base, code: 253, log: null, source: { cts: new Map([['101', 'running']]) }, target: { cts: new Map() } })).toMatchObject({ status: 'failed', error: 'prlctl migrate exited with 253' });
  });
});
