import { describe, expect, it } from 'vitest';
import { heldPercent, humanValue, levelOf, unitOf } from './beancounter-view';

const bc = (resource: string, held: number, barrier: number | null, limit: number | null, failcnt = 0) => ({ resource, held, barrier, limit, failcnt });

describe('beancounter view', () => {
  it('knows the unit of each resource', () => {
    expect(unitOf('privvmpages')).toBe('pages');
    expect(unitOf('kmemsize')).toBe('bytes');
    expect(unitOf('dcachesize')).toBe('bytes');
    expect(unitOf('numproc')).toBe('count');
    expect(humanValue('privvmpages', 262144)).toBe('1024 MiB');
    expect(humanValue('tcpsndbuf', 319488)).toBe('312 KiB');
    expect(humanValue('numproc', 40)).toBeNull();
  });

  it('colours by held/barrier with the 80 % and 100 % thresholds', () => {
    expect(levelOf(bc('privvmpages', 50, 100, 110))).toBe('ok');
    expect(levelOf(bc('privvmpages', 80, 100, 110))).toBe('near');
    expect(levelOf(bc('privvmpages', 100, 100, 110))).toBe('limit');
  });

  it('counts refusals of the last hour, not the cumulative failcnt', () => {
    expect(levelOf(bc('numproc', 10, 100, 100, 3))).toBe('ok');
    expect(levelOf(bc('numproc', 10, 100, 100, 3), 2)).toBe('limit');
  });

  it('has no percentage of unlimited, and uses the limit when the barrier is 0', () => {
    expect(heldPercent(bc('numfile', 10, null, null))).toBeNull();
    expect(levelOf(bc('numfile', 10, null, null))).toBe('ok');
    expect(heldPercent(bc('physpages', 50, 0, 200))).toBe(25);
    expect(heldPercent(bc('physpages', 50, 0, null))).toBeNull();
  });

  it('does not flag a guarantee that is exceeded', () => {
    expect(levelOf(bc('oomguarpages', 500, 100, null))).toBe('guarantee');
    expect(levelOf(bc('oomguarpages', 500, 100, null, 1), 1)).toBe('limit');
  });
});
