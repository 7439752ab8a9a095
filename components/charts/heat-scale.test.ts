import { describe, expect, it } from 'vitest';
import { HEAT_SPECS, heatBucket } from './heat-scale';

describe('heat-map scale', () => {
  it('maps 0 to the lightest and the maximum (or more) to the darkest colour', () => {
    const spec = HEAT_SPECS.memory;
    expect(heatBucket(0, spec)).toBe(0);
    expect(heatBucket(3, spec)).toBe(8);
    expect(heatBucket(9, spec)).toBe(8);
    expect(heatBucket(1.5, spec)).toBe(4);
    expect(heatBucket(null, spec)).toBeNull();
  });

  it('uses a log scale for refusal counts so a handful already shows', () => {
    const spec = HEAT_SPECS.failcnt;
    expect(heatBucket(0, spec)).toBe(0);
    expect(heatBucket(10, spec)).toBeGreaterThanOrEqual(3);
    expect(heatBucket(1000, spec)).toBe(8);
  });

  it('says each figure in its unit', () => {
    expect(HEAT_SPECS.memory.format(1.91)).toBe('191 %');
    expect(HEAT_SPECS.failcnt.format(14)).toBe('14 refusals');
    expect(HEAT_SPECS.dataAge.format(42_000)).toBe('42 s old');
    expect(HEAT_SPECS.dataAge.format(1000)).toBe('fresh');
  });
});
