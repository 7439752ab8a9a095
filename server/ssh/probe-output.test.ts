import { describe, expect, it } from 'vitest';
import { kernelFromProbe } from './probe-output';

describe('kernelFromProbe', () => {
  it('takes uname -r’s line after whatever a chatty profile printed first', () => {
    expect(kernelFromProbe('2.6.32-042stab141.3\n')).toBe('2.6.32-042stab141.3');
    expect(kernelFromProbe('Welcome to hn1\n\n2.6.32-042stab141.3\n')).toBe('2.6.32-042stab141.3');
  });

  it('is empty for no output and bounded, printable text for garbage', () => {
    expect(kernelFromProbe('')).toBe('');
    expect(kernelFromProbe(`\u0000${'x'.repeat(1000)}`)).toBe(`\uFFFD${'x'.repeat(199)}`);
  });
});
