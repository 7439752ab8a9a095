import { describe, expect, it } from 'vitest';
import { changeOf, formOf, formOfCurrent, markLabel, resourceOfParam, valueText } from './limit-form';

describe('the limit form', () => {
  it('shows pages in MiB and sends pages back', () => {
    const f = formOf({ param: 'privvmpages', barrier: 81920, limit: 87040 });
    expect(f).toEqual({ param: 'privvmpages', first: '320', second: '340' });
    expect(changeOf(f)).toEqual({ param: 'privvmpages', barrier: 81920, limit: 87040 });
  });

  it('an empty limit is unlimited for beancounters, an error for quotas and single values', () => {
    expect(changeOf({ param: 'vmguarpages', first: '132', second: '' })).toEqual({ param: 'vmguarpages', barrier: 33792, limit: null });
    expect(changeOf({ param: 'diskspace', first: '10', second: '' })).toEqual({ error: 'a number is needed' });
    expect(changeOf({ param: 'cpuunits', first: '', second: '' })).toEqual({ error: 'a number is needed' });
  });

  it('refuses text that is not a number instead of guessing', () => {
    expect(changeOf({ param: 'numproc', first: '1e9', second: '1' })).toEqual({ error: '“1e9” is not a number' });
    expect(changeOf({ param: 'numproc', first: '-1', second: '1' })).toHaveProperty('error');
    expect(changeOf({ param: 'numproc', first: '10; rm -rf /', second: '1' })).toHaveProperty('error');
  });

  it('single values, RAM in MiB, disk in GiB', () => {
    expect(changeOf({ param: 'cpuunits', first: '1500', second: '' })).toEqual({ param: 'cpuunits', value: 1500 });
    expect(changeOf({ param: 'ram', first: '1024', second: '' })).toEqual({ param: 'ram', bytes: 2 ** 30 });
    expect(changeOf({ param: 'diskspace', first: '10', second: '11' })).toEqual({ param: 'diskspace', soft: 10 * 2 ** 20, hard: 11 * 2 ** 20 });
  });

  it('words for values and chart marks', () => {
    expect(valueText('privvmpages', { barrier: 65536, limit: null })).toBe('256 MiB : unlimited');
    expect(valueText('tcpsndbuf', { barrier: 1720320, limit: 2703360 })).toBe('1680 KiB : 2640 KiB');
    expect(valueText('cpuunits', { value: 1000 })).toBe('1000');
    expect(markLabel({ param: 'privvmpages', source: 'vzfleet', actorLabel: 'op@x' })).toBe('privvmpages changed by op@x');
    expect(markLabel({ param: 'numproc', source: 'node', actorLabel: null })).toBe('numproc changed on the node');
    expect(resourceOfParam('ram')).toBe('physpages');
    expect(resourceOfParam('cpuunits')).toBeNull();
  });

  it('fills the form with the CT’s current value of the chosen parameter', () => {
    const current = { ubc: { privvmpages: { barrier: 65536, limit: 69632 }, physpages: { barrier: 0, limit: 262144 } }, cpuunits: 1000, cpulimit: 0, cpus: null, ioprio: null, diskspace: null, diskinodes: { soft: 10, hard: 20 } };
    expect(formOfCurrent('privvmpages', current)).toEqual({ param: 'privvmpages', first: '256', second: '272' });
    expect(formOfCurrent('ram', current)).toEqual({ param: 'ram', first: '1024', second: '' });
    expect(formOfCurrent('cpuunits', current)).toEqual({ param: 'cpuunits', first: '1000', second: '' });
    expect(formOfCurrent('ioprio', current)).toEqual({ param: 'ioprio', first: '', second: '' });
    expect(formOfCurrent('diskinodes', current)).toEqual({ param: 'diskinodes', first: '10', second: '20' });
  });
});
