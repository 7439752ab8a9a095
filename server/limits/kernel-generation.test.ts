import { describe, expect, it } from 'vitest';
import { generationOfKernel } from './service';

describe('generationOfKernel: which tools a node has, from uname -r', () => {
  it.each([
    ['3.10.0-1160.80.1.vz7.191.4', 'vz7'],
    ['3.10.0-327.3.1.vz7.10.11', 'vz7'],
    ['2.6.32-042stab141.3', 'legacy'],
    ['2.6.18-419.el5.028stab123.1', 'legacy'],
    ['5.14.0-vz7x', 'legacy'],
  ] as const)('%s → %s', (kernel, gen) => {
    expect(generationOfKernel(kernel)).toBe(gen);
  });
});
