import { describe, expect, it } from 'vitest';
import { diffObservedLimits, settleLimitChange, valueOfChange } from './observe';

const ct = (barrier: number | null, limit: number | null, extra = {}) => ({ ubc: [{ resource: 'privvmpages', barrier, limit }, { resource: 'physpages', barrier: 0, limit: 262144 }], ...extra });

describe('reading a limit back', () => {
  it('confirms the sent barrier:limit, reports a different one as a mismatch with what was seen', () => {
    expect(settleLimitChange('privvmpages', { barrier: 100, limit: 200 }, ct(100, 200))).toEqual({ status: 'confirmed' });
    expect(settleLimitChange('privvmpages', { barrier: 100, limit: 200 }, ct(100, 201))).toEqual({ status: 'mismatch', observed: { barrier: 100, limit: 201 } });
    expect(settleLimitChange('privvmpages', { barrier: null, limit: null }, ct(null, null))).toEqual({ status: 'confirmed' });
  });

  it('allows for the tools’ rounding: cpuunits through the scheduler weight, --ram to whole MiB', () => {
    expect(settleLimitChange('cpuunits', { value: 1500 }, { ubc: [], cpuunits: 1501 })).toEqual({ status: 'confirmed' });
    expect(settleLimitChange('cpuunits', { value: 1500 }, { ubc: [], cpuunits: 1600 }).status).toBe('mismatch');
    expect(settleLimitChange('ram', { bytes: 2 ** 30 - 5 }, ct(1, 1))).toEqual({ status: 'confirmed' });
  });

  it('a poll that does not read the setting settles nothing', () => {
    expect(settleLimitChange('cpuunits', { value: 1500 }, { ubc: [] })).toEqual({ status: 'unknown' });
    expect(settleLimitChange('ioprio', { value: 3 }, ct(1, 1))).toEqual({ status: 'unknown' });
    expect(settleLimitChange('numproc', { barrier: 1, limit: 1 }, ct(1, 1))).toEqual({ status: 'unknown' });
  });

  it('diffs two polls: changed rows and vzlist fields, not rows one side lacks', () => {
    const a = { ubc: [{ resource: 'privvmpages', barrier: 1, limit: 2 }, { resource: 'numproc', barrier: 5, limit: 5 }], cpuunits: 1000 };
    const b = { ubc: [{ resource: 'privvmpages', barrier: 3, limit: 4 }, { resource: 'numfile', barrier: 9, limit: 9 }], cpuunits: 2000 };
    expect(diffObservedLimits(a, b)).toEqual([
      { param: 'privvmpages', before: { barrier: 1, limit: 2 }, after: { barrier: 3, limit: 4 } },
      { param: 'cpuunits', before: { value: 1000 }, after: { value: 2000 } },
    ]);
    expect(diffObservedLimits(a, { ...a, cpuunits: undefined })).toEqual([]);
    expect(valueOfChange({ param: 'numproc', barrier: 1, limit: 2 })).toEqual({ barrier: 1, limit: 2 });
  });
});
