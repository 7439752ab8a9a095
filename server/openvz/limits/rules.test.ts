import { describe, expect, it } from 'vitest';
import { LIMIT_RULES, validateLimitChange } from './rules';
import type { LimitChange } from './params';
import { basicCtLimits, LEGACY_NODE, VSWAP_NODE, VZ7_NODE } from './test-limits';

const check = (change: LimitChange, node = LEGACY_NODE, current = basicCtLimits()) => validateLimitChange(current, change, node);
const rulesOf = (r: ReturnType<typeof check>) => r.findings.map((f) => f.rule);
const blocking = (r: ReturnType<typeof check>) => r.findings.filter((f) => f.blocking).map((f) => f.rule);

describe('limit rules: each named with its source', () => {
  it('the sample config passes every rule', () => {
    for (const rule of LIMIT_RULES) expect(rule.check(basicCtLimits(), LEGACY_NODE), rule.id).toBeNull();
    expect(new Set(LIMIT_RULES.map((r) => r.id)).size).toBe(LIMIT_RULES.length);
    for (const rule of LIMIT_RULES) expect(rule.source.length, rule.id).toBeGreaterThan(5);
  });

  it('cpuunits: 8 and 500000 pass, 7 and 500001 are refused (vzctl MINCPUUNITS/MAXCPUUNITS)', () => {
    expect(check({ param: 'cpuunits', value: 8 }).ok).toBe(true);
    expect(check({ param: 'cpuunits', value: 500000 }).ok).toBe(true);
    expect(blocking(check({ param: 'cpuunits', value: 7 }))).toEqual(['cpuunits-range']);
    expect(blocking(check({ param: 'cpuunits', value: 500001 }))).toEqual(['cpuunits-range']);
    expect(check({ param: 'cpuunits', value: 1000.5 }).ok).toBe(false);
  });

  it('cpulimit: 0 .. 100 × CPUs (the CT’s own cpus when set)', () => {
    expect(check({ param: 'cpulimit', value: 0 }).ok).toBe(true);
    expect(check({ param: 'cpulimit', value: 400 }).ok).toBe(true);
    expect(blocking(check({ param: 'cpulimit', value: 401 }))).toEqual(['cpulimit-range']);
    expect(check({ param: 'cpulimit', value: -1 }).ok).toBe(false);
    expect(check({ param: 'cpulimit', value: 201 }, LEGACY_NODE, { ...basicCtLimits(), cpus: 2 }).ok).toBe(false);
    expect(check({ param: 'cpulimit', value: 200 }, LEGACY_NODE, { ...basicCtLimits(), cpus: 2 }).ok).toBe(true);
  });

  it('cpus: 1 .. the node’s CPUs', () => {
    expect(check({ param: 'cpus', value: 1 }).ok).toBe(true);
    expect(check({ param: 'cpus', value: 4 }).ok).toBe(true);
    expect(check({ param: 'cpus', value: 0 }).ok).toBe(false);
    expect(check({ param: 'cpus', value: 5 }).ok).toBe(false);
  });

  it('ioprio: 0 .. 7', () => {
    expect(check({ param: 'ioprio', value: 0 }).ok).toBe(true);
    expect(check({ param: 'ioprio', value: 7 }).ok).toBe(true);
    expect(blocking(check({ param: 'ioprio', value: 8 }))).toEqual(['ioprio-range']);
    expect(check({ param: 'ioprio', value: -1 }).ok).toBe(false);
  });

  it('barrier ≤ limit: equal passes, one above is an error', () => {
    expect(check({ param: 'privvmpages', barrier: 69632, limit: 69632 }).ok).toBe(true);
    expect(blocking(check({ param: 'privvmpages', barrier: 69633, limit: 69632 }))).toEqual(['privvmpages-barrier-le-limit']);
    expect(check({ param: 'privvmpages', barrier: 69633, limit: null }).ok).toBe(true);
  });

  it('barrier = limit for numproc-like counters', () => {
    expect(blocking(check({ param: 'numpty', barrier: 16, limit: 17 }))).toEqual(['numpty-barrier-eq-limit']);
    expect(check({ param: 'numpty', barrier: 32, limit: 32 }).ok).toBe(true);
  });

  it('vmguarpages and oomguarpages keep an unlimited limit', () => {
    expect(blocking(check({ param: 'vmguarpages', barrier: 33792, limit: 40000 }))).toEqual(['vmguarpages-limit-unlimited']);
    expect(blocking(check({ param: 'oomguarpages', barrier: 26112, limit: 26112 }))).toEqual(['oomguarpages-limit-unlimited']);
  });

  it('privvmpages vs vmguarpages: a warning at one page below the guarantee, none at it', () => {
    expect(check({ param: 'privvmpages', barrier: 33792, limit: 69632 }).findings).toEqual([]);
    const r = check({ param: 'privvmpages', barrier: 33791, limit: 69632 });
    expect(rulesOf(r)).toEqual(['privvmpages-vs-vmguarpages']);
    expect(r.ok).toBe(true);
  });

  it('tcpsndbuf gap: 2.5 KiB × numtcpsock exactly passes, one byte less is an error', () => {
    const need = 2.5 * 1024 * 360;
    expect(check({ param: 'tcpsndbuf', barrier: 1720320, limit: 1720320 + need }).ok).toBe(true);
    expect(blocking(check({ param: 'tcpsndbuf', barrier: 1720320, limit: 1720320 + need - 1 }))).toEqual(['tcpsndbuf-gap']);
  });

  it('raising numtcpsock breaks the tcpsndbuf and othersockbuf gaps it feeds (error) and tcprcvbuf (warning)', () => {
    const r = check({ param: 'numtcpsock', barrier: 1000, limit: 1000 });
    expect(blocking(r)).toEqual(['tcpsndbuf-gap']);
    expect(rulesOf(r)).toContain('tcprcvbuf-gap');
    const o = check({ param: 'numothersock', barrier: 1000, limit: 1000 });
    expect(blocking(o)).toEqual(['othersockbuf-gap']);
  });

  it('kmemsize vs numproc: 40 KiB × numproc/2 + dcachesize limit', () => {
    const need = 40 * 1024 * 120 + 3624960;
    expect(check({ param: 'kmemsize', barrier: need, limit: need }).ok).toBe(true);
    expect(blocking(check({ param: 'kmemsize', barrier: need - 1, limit: need }))).toEqual(['kmemsize-vs-numproc']);
    // numproc 600 needs 40 KiB × 300 + the dcachesize limit: more than the sample's kmemsize.
    expect(blocking(check({ param: 'numproc', barrier: 600, limit: 600 }))).toContain('kmemsize-vs-numproc');
  });

  it('socket buffer minimums: 64 KiB for tcp, 32 KiB (129 KiB recommended) for the others', () => {
    expect(rulesOf(check({ param: 'tcprcvbuf', barrier: 65535, limit: 2703360 }))).toContain('tcprcvbuf-min');
    expect(rulesOf(check({ param: 'tcprcvbuf', barrier: 65536, limit: 2703360 }))).not.toContain('tcprcvbuf-min');
    expect(rulesOf(check({ param: 'dgramrcvbuf', barrier: 32767, limit: 262144 }))).toEqual(expect.arrayContaining(['dgramrcvbuf-min', 'dgramrcvbuf-recommended']));
    const rec = check({ param: 'dgramrcvbuf', barrier: 129 * 1024 - 1, limit: 262144 });
    expect(rulesOf(rec)).toEqual(['dgramrcvbuf-recommended']);
    expect(rec.ok).toBe(true);
  });

  it('numfile and dcachesize relations are warnings at their boundary', () => {
    expect(rulesOf(check({ param: 'numfile', barrier: 3840, limit: 3840 }))).not.toContain('numfile-vs-numproc');
    expect(rulesOf(check({ param: 'numfile', barrier: 3839, limit: 3839 }))).toContain('numfile-vs-numproc');
    expect(rulesOf(check({ param: 'dcachesize', barrier: 3409920, limit: 9312 * 384 - 1 }))).toContain('dcachesize-vs-numfile');
  });

  it('quota: soft ≤ hard', () => {
    expect(check({ param: 'diskspace', soft: 100, hard: 100 }).ok).toBe(true);
    expect(blocking(check({ param: 'diskspace', soft: 101, hard: 100 }))).toEqual(['diskspace-soft-le-hard']);
    expect(blocking(check({ param: 'diskinodes', soft: 101, hard: 100 }))).toEqual(['diskinodes-soft-le-hard']);
  });

  it('an old inconsistency is shown but does not block a change that does not touch it', () => {
    const messy = basicCtLimits();
    messy.ubc.numpty = { barrier: 16, limit: 20 };
    const r = check({ param: 'privvmpages', barrier: 70000, limit: 80000 }, LEGACY_NODE, messy);
    expect(r.ok).toBe(true);
    expect(r.findings).toEqual([expect.objectContaining({ rule: 'numpty-barrier-eq-limit', preexisting: true, blocking: false })]);
  });

  it('VSwap: --ram and --swap only there; relations of the old model are not judged', () => {
    expect(blocking(check({ param: 'ram', bytes: 2 ** 30 }))).toContain('vswap-only');
    const vs = { ...basicCtLimits(), ubc: { ...basicCtLimits().ubc, physpages: { barrier: 0, limit: 262144 }, swappages: { barrier: 0, limit: 131072 } } };
    expect(check({ param: 'ram', bytes: 2 ** 30 }, VSWAP_NODE, vs).ok).toBe(true);
    expect(check({ param: 'ram', bytes: 2 ** 20 - 1 }, VSWAP_NODE, vs).ok).toBe(false);
    expect(check({ param: 'swap', bytes: 0 }, VSWAP_NODE, vs).ok).toBe(true);
  });

  it('OpenVZ 7: memory beancounters are not set, counters are', () => {
    expect(blocking(check({ param: 'privvmpages', barrier: 70000, limit: 80000 }, VZ7_NODE))).toEqual(['vz7-memory-by-ram']);
    expect(check({ param: 'numproc', barrier: 240, limit: 240 }, VZ7_NODE).ok).toBe(true);
  });

  it('refuses values that are not whole numbers ≥ 0', () => {
    expect(blocking(check({ param: 'numiptent', barrier: -1, limit: -1 }))).toContain('ubc-values');
    expect(blocking(check({ param: 'numiptent', barrier: 1.5, limit: 1.5 }))).toContain('ubc-values');
  });
});
