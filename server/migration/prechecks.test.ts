import { describe, expect, it } from 'vitest';
import { allPassed, evaluatePrechecks, type PrecheckFacts } from './prechecks';
import { parseDfAvailableKb, parseNodeProbe } from './probe';
import type { PlacementLimits } from './limits';

const LIMITS: PlacementLimits = { memInUse: 0.8, memPromise: 2, fleetPromise: 1.9, cpuGuarantee: 1, diskReserveKb: 1024 * 1024 };

const probe = (over: Partial<ReturnType<typeof parseNodeProbe>> = {}) => ({
  diskFreeKb: 100 * 1024 * 1024, cptLoaded: true, kernel: '2.6.32-042stab134.8', cts: new Map([['101', 'running']]), ...over,
});
const facts = (over: Partial<PrecheckFacts> = {}): PrecheckFacts => ({
  ctId: '101', online: true, ctDiskKb: 10 * 1024 * 1024,
  source: { name: 'src', probe: probe(), error: null },
  target: { name: 'dst', probe: probe({ cts: new Map([['201', 'running']]) }), error: null },
  checkOnly: { code: 0, error: null },
  fit: { target: { before: { mem: 1.8, memInUse: 0.4, cpu: 0.3 }, after: { mem: 1.9, memInUse: 0.5, cpu: 0.4 } } },
  activeJobId: null,
  ...over,
});
const byId = (f: PrecheckFacts) => Object.fromEntries(evaluatePrechecks(f, LIMITS).map((c) => [c.id, c]));

describe('migration pre-checks', () => {
  it('all pass for a healthy pair, one line each with its reason', () => {
    const checks = evaluatePrechecks(facts(), LIMITS);
    expect(checks.map((c) => c.id)).toEqual(['reachable', 'ssh-to-target', 'ct-id-free', 'disk', 'memory', 'cpu', 'cpt-modules', 'ct-state', 'no-active-job']);
    expect(allPassed(checks)).toBe(true);
    expect(byId(facts()).memory!.reason).toBe('in use 40 % → 50 % of RAM + swap (limit 80 %); promised 180 % → 190 % (limit 200 %; the fleet runs at 190 %)');
    expect(byId(facts()).cpu!.reason).toBe("30 % → 40 % of the node's power (limit 100 %)");
  });

  it('each failure is named with its reason', () => {
    expect(byId(facts({ target: { name: 'dst', probe: null, error: 'cannot reach 127.0.0.1:1: ECONNREFUSED' } })).reachable).toMatchObject({ ok: false, reason: 'dst: cannot reach 127.0.0.1:1: ECONNREFUSED' });
    expect(byId(facts({ checkOnly: { code: 4, error: "Can't connect to destination address using public key" } }))['ssh-to-target']).toMatchObject({ ok: false, reason: expect.stringContaining("Can't connect") });
    expect(byId(facts({ target: { name: 'dst', probe: probe(), error: null } }))['ct-id-free']).toMatchObject({ ok: false, reason: 'CT 101 already exists on dst' });
    expect(byId(facts({ target: { name: 'dst', probe: probe({ cts: new Map(), diskFreeKb: 5 * 1024 * 1024 }), error: null } })).disk).toMatchObject({ ok: false, reason: expect.stringContaining('5120 MiB free') });
    const after = (a: { mem: number; memInUse: number; cpu: number }) => byId(facts({ fit: { target: { before: { mem: 1, memInUse: 0.3, cpu: 0.3 }, after: a } } }));
    expect(after({ mem: 2, memInUse: 0.8, cpu: 1 }).memory!.ok).toBe(true); // at every limit
    expect(after({ mem: 2, memInUse: 0.8, cpu: 1 }).cpu!.ok).toBe(true);
    expect(after({ mem: 2.01, memInUse: 0.5, cpu: 0.5 }).memory!.ok).toBe(false); // promise past the fleet's bar
    expect(after({ mem: 1.5, memInUse: 0.81, cpu: 0.5 }).memory!.ok).toBe(false); // in use past the margin
    expect(after({ mem: 1.5, memInUse: 0.5, cpu: 1.01 }).cpu!.ok).toBe(false);
    expect(byId(facts({ target: { name: 'dst', probe: probe({ cts: new Map(), cptLoaded: false }), error: null } }))['cpt-modules']).toMatchObject({ ok: false, reason: 'vzcpt/vzrst not loaded on dst' });
    expect(byId(facts({ source: { name: 'src', probe: probe({ cts: new Map([['101', 'stopped']]) }), error: null } }))['ct-state']).toMatchObject({ ok: false, reason: expect.stringContaining('stopped') });
    expect(byId(facts({ activeJobId: 'j1' }))['no-active-job']).toMatchObject({ ok: false, reason: 'job j1 is still active' });
  });

  it('offline: a stopped CT and missing CPT modules are fine', () => {
    const c = byId(facts({ online: false, source: { name: 'src', probe: probe({ cptLoaded: false, cts: new Map([['101', 'stopped']]) }), error: null } }));
    expect(c['ct-state']!.ok).toBe(true);
    expect(c['cpt-modules']!.ok).toBe(true);
  });
});

const T = 'ab'.repeat(16);
const M = `@@vzfleet:${T}`;

describe('migration probe output', () => {
  it('reads df, modules, kernel and vzlist sections', () => {
    const text = [
      `${M} begin df`, 'Filesystem     1024-blocks      Used Available Capacity Mounted on', '/dev/sda3 209715200 1000 209714200 1% /vz', `${M} end df 0`,
      `${M} begin modules`, 'vzrst 192437 0 - Live 0x0', 'vzcpt 148120 0 - Live 0x0', `${M} end modules 0`,
      `${M} begin kernel`, '2.6.32-042stab134.8', `${M} end kernel 0`,
      `${M} begin vzlist`, '       101 running', '       102 stopped', `${M} end vzlist 0`, '',
    ].join('\n');
    const p = parseNodeProbe(text, T);
    expect(p).toEqual({ diskFreeKb: 209714200, cptLoaded: true, kernel: '2.6.32-042stab134.8', cts: new Map([['101', 'running'], ['102', 'stopped']]) });
    expect(parseNodeProbe(text.replace('vzcpt 148120 0 - Live 0x0\n', ''), T).cptLoaded).toBe(false);
  });
  it('ignores a chatty shell and markers without this probe\'s token', () => {
    const text = [
      'Welcome to hn1', `@@vzfleet begin kernel`, `${M} begin kernel`, '2.6.32-042stab134.8', '@@vzfleet end kernel 0', `${M} end kernel 0`, 'bye', '',
    ].join('\n');
    expect(parseNodeProbe(text, T).kernel).toBe('2.6.32-042stab134.8\n@@vzfleet end kernel 0');
    expect(() => parseNodeProbe(text, 'cd'.repeat(16))).not.toThrow();
    expect(parseNodeProbe(text, 'cd'.repeat(16)).kernel).toBeNull();
  });
  it('rejects a cut-off probe and a df line without numbers', () => {
    expect(() => parseNodeProbe(`${M} begin df\nFilesystem\n`, T)).toThrow(/cut off/);
    expect(() => parseDfAvailableKb('Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/sda3 a b c d /vz\n')).toThrow(/Available/);
  });
});
